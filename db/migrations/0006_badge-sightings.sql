CREATE TABLE "badge_sightings" (
	"seal_id" uuid NOT NULL,
	"host" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"request_count" bigint NOT NULL,
	CONSTRAINT "badge_sightings_seal_id_host_pk" PRIMARY KEY("seal_id","host")
);
--> statement-breakpoint
ALTER TABLE "badge_sightings" ADD CONSTRAINT "badge_sightings_seal_id_seals_id_fk" FOREIGN KEY ("seal_id") REFERENCES "public"."seals"("id") ON DELETE no action ON UPDATE no action;