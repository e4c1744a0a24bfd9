CREATE TYPE "public"."complaint_category" AS ENUM('data_sale', 'third_party_sharing', 'ignored_opt_out', 'security_incident', 'seal_misuse', 'other');--> statement-breakpoint
CREATE TYPE "public"."complaint_dismissal_reason" AS ENUM('out_of_scope', 'duplicate', 'spam', 'insufficient_information');--> statement-breakpoint
CREATE TYPE "public"."complaint_source" AS ENUM('public', 'reviewer', 'regulator', 'monitor');--> statement-breakpoint
CREATE TYPE "public"."complaint_status" AS ENUM('new', 'dismissed', 'in_case');--> statement-breakpoint
CREATE TABLE "complaint_evidence" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"complaint_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"tracking_token_hash" text NOT NULL,
	"source" "complaint_source" NOT NULL,
	"category" "complaint_category" NOT NULL,
	"seal_id" uuid,
	"domain" text,
	"organization_id" uuid,
	"description" text NOT NULL,
	"occurred_on" date,
	"contacted_company" boolean DEFAULT false NOT NULL,
	"contacted_company_on" date,
	"complainant_name" text,
	"complainant_email" text,
	"share_identity" boolean DEFAULT false NOT NULL,
	"status" "complaint_status" DEFAULT 'new' NOT NULL,
	"dismissal_reason" "complaint_dismissal_reason",
	"dismissal_note" text,
	"dismissed_at" timestamp with time zone,
	"dismissed_by_id" uuid,
	"fast_track" boolean DEFAULT false NOT NULL,
	"logged_by_id" uuid,
	"monitor_host" text,
	"case_id" uuid,
	"submitted_from" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaint_evidence" ADD CONSTRAINT "complaint_evidence_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_seal_id_seals_id_fk" FOREIGN KEY ("seal_id") REFERENCES "public"."seals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_dismissed_by_id_users_id_fk" FOREIGN KEY ("dismissed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_logged_by_id_users_id_fk" FOREIGN KEY ("logged_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaint_evidence_complaint_idx" ON "complaint_evidence" USING btree ("complaint_id");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_reference_key" ON "complaints" USING btree ("reference");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_tracking_token_hash_key" ON "complaints" USING btree ("tracking_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_seal_monitor_host_key" ON "complaints" USING btree ("seal_id","monitor_host");--> statement-breakpoint
CREATE INDEX "complaints_status_created_idx" ON "complaints" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "complaints_organization_idx" ON "complaints" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "complaints_submitted_from_idx" ON "complaints" USING btree ("submitted_from","created_at");--> statement-breakpoint
CREATE INDEX "complaints_email_created_idx" ON "complaints" USING btree (lower("complainant_email"),"created_at");