CREATE TABLE "log_cosignatures" (
	"size" bigint NOT NULL,
	"witness" text NOT NULL,
	"line" text NOT NULL,
	"cosigned_at" timestamp with time zone NOT NULL,
	CONSTRAINT "log_cosignatures_size_witness_pk" PRIMARY KEY("size","witness")
);
--> statement-breakpoint
ALTER TABLE "log_cosignatures" ADD CONSTRAINT "log_cosignatures_size_log_checkpoints_size_fk" FOREIGN KEY ("size") REFERENCES "public"."log_checkpoints"("size") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- What a witness said stays said (log_refuse_change: migration 0029).
CREATE TRIGGER "log_cosignatures_append_only" BEFORE UPDATE OR DELETE ON "log_cosignatures"
  FOR EACH ROW EXECUTE FUNCTION "log_refuse_change"();
