CREATE TABLE "staged_upload_chunks" (
	"upload_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "staged_upload_chunks_upload_id_seq_pk" PRIMARY KEY("upload_id","seq")
);
--> statement-breakpoint
CREATE TABLE "staged_uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"owner_user_id" uuid,
	"owner_key_hash" text,
	"client_address" text NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text,
	"size_bytes" integer DEFAULT 0 NOT NULL,
	"sha256" text,
	"created_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "staged_upload_chunks" ADD CONSTRAINT "staged_upload_chunks_upload_id_staged_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."staged_uploads"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staged_uploads" ADD CONSTRAINT "staged_uploads_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "staged_uploads_token_hash_idx" ON "staged_uploads" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "staged_uploads_owner_user_idx" ON "staged_uploads" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "staged_uploads_owner_key_idx" ON "staged_uploads" USING btree ("owner_key_hash");--> statement-breakpoint
CREATE INDEX "staged_uploads_client_address_idx" ON "staged_uploads" USING btree ("client_address");--> statement-breakpoint
CREATE INDEX "staged_uploads_expires_at_idx" ON "staged_uploads" USING btree ("expires_at");