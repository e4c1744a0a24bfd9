ALTER TABLE "outbound_mails" ADD COLUMN "secret" text;--> statement-breakpoint
ALTER TABLE "outbound_mails" ADD COLUMN "organization_id" uuid;--> statement-breakpoint
ALTER TABLE "outbound_mails" ADD CONSTRAINT "outbound_mails_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;