CREATE TYPE "public"."site_claim_end_reason" AS ENUM('lapsed', 'proven_elsewhere');--> statement-breakpoint
ALTER TYPE "public"."case_kind" ADD VALUE 'authority';--> statement-breakpoint
CREATE TABLE "badge_sighting_overflows" (
	"seal_id" uuid NOT NULL,
	"day" date NOT NULL,
	"host_count" bigint NOT NULL,
	"request_count" bigint NOT NULL,
	CONSTRAINT "badge_sighting_overflows_seal_id_day_pk" PRIMARY KEY("seal_id","day")
);
--> statement-breakpoint
DROP INDEX "sites_domain_key";--> statement-breakpoint
DROP INDEX "sites_organization_idx";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "sign_up_address" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "proof_found_at" text;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "claimed_by" uuid;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "claim_lapses_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "end_reason" "site_claim_end_reason";--> statement-breakpoint
ALTER TABLE "seals" ADD COLUMN "suspension_case_id" uuid;--> statement-breakpoint
ALTER TABLE "outbound_mails" ADD COLUMN "secret" text;--> statement-breakpoint
ALTER TABLE "outbound_mails" ADD COLUMN "organization_id" uuid;--> statement-breakpoint
ALTER TABLE "badge_sightings" ADD COLUMN "checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "badge_sightings" ADD COLUMN "check_problem" text;--> statement-breakpoint
ALTER TABLE "badge_sightings" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "badge_sightings" ADD COLUMN "confirmed_url" text;--> statement-breakpoint
ALTER TABLE "badge_sightings" ADD COLUMN "confirmed_snippet" text;--> statement-breakpoint
ALTER TABLE "badge_sighting_overflows" ADD CONSTRAINT "badge_sighting_overflows_seal_id_seals_id_fk" FOREIGN KEY ("seal_id") REFERENCES "public"."seals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites" ADD CONSTRAINT "sites_claimed_by_users_id_fk" FOREIGN KEY ("claimed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbound_mails" ADD CONSTRAINT "outbound_mails_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "users_sign_up_address_idx" ON "users" USING btree ("sign_up_address","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sites_proven_domain_key" ON "sites" USING btree ("domain") WHERE "sites"."verified_at" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "sites_live_claim_key" ON "sites" USING btree ("organization_id","domain") WHERE "sites"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "sites_domain_idx" ON "sites" USING btree ("domain");--> statement-breakpoint
CREATE INDEX "sites_claimed_by_idx" ON "sites" USING btree ("claimed_by","created_at");--> statement-breakpoint
CREATE INDEX "badge_sightings_host_checked_idx" ON "badge_sightings" USING btree ("host","checked_at");--> statement-breakpoint
CREATE INDEX "sites_organization_idx" ON "sites" USING btree ("organization_id","created_at");