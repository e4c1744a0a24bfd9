CREATE TYPE "public"."policy_change_classification" AS ENUM('material', 'editorial');--> statement-breakpoint
CREATE TYPE "public"."policy_change_state" AS ENUM('open', 'accepted');--> statement-breakpoint
CREATE TABLE "policy_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seal_id" uuid NOT NULL,
	"fetched_at" timestamp with time zone NOT NULL,
	"url" text NOT NULL,
	"sha256" text NOT NULL,
	"text" text NOT NULL,
	"certified_sha256" text NOT NULL,
	"diff" jsonb NOT NULL,
	"classification" "policy_change_classification" NOT NULL,
	"matches" jsonb NOT NULL,
	"rule_set_version" integer NOT NULL,
	"state" "policy_change_state" DEFAULT 'open' NOT NULL,
	"complaint_id" uuid,
	"accepted_by_id" uuid,
	"accepted_at" timestamp with time zone,
	"accept_note" text,
	"holder_explanation" text,
	"explained_by_id" uuid,
	"explained_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "policy_monitors" (
	"seal_id" uuid PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"host" text NOT NULL,
	"certified_text" text NOT NULL,
	"certified_sha256" text NOT NULL,
	"certified_at" timestamp with time zone NOT NULL,
	"certified_by_id" uuid,
	"next_check_at" timestamp with time zone NOT NULL,
	"last_checked_at" timestamp with time zone,
	"last_outcome" text,
	"failing_since" timestamp with time zone,
	"failed_checks" integer DEFAULT 0 NOT NULL,
	"last_problem" text,
	"unreachable_complaint_id" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policy_rule_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "policy_check_interval_hours" integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "policy_changes" ADD CONSTRAINT "policy_changes_seal_id_seals_id_fk" FOREIGN KEY ("seal_id") REFERENCES "public"."seals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_changes" ADD CONSTRAINT "policy_changes_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_changes" ADD CONSTRAINT "policy_changes_accepted_by_id_users_id_fk" FOREIGN KEY ("accepted_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_changes" ADD CONSTRAINT "policy_changes_explained_by_id_users_id_fk" FOREIGN KEY ("explained_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_monitors" ADD CONSTRAINT "policy_monitors_seal_id_seals_id_fk" FOREIGN KEY ("seal_id") REFERENCES "public"."seals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_monitors" ADD CONSTRAINT "policy_monitors_certified_by_id_users_id_fk" FOREIGN KEY ("certified_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_monitors" ADD CONSTRAINT "policy_monitors_unreachable_complaint_id_complaints_id_fk" FOREIGN KEY ("unreachable_complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_rule_sets" ADD CONSTRAINT "policy_rule_sets_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_rule_sets" ADD CONSTRAINT "policy_rule_sets_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "policy_changes_seal_idx" ON "policy_changes" USING btree ("seal_id","fetched_at");--> statement-breakpoint
CREATE INDEX "policy_changes_open_idx" ON "policy_changes" USING btree ("classification","fetched_at") WHERE "policy_changes"."state" = 'open';--> statement-breakpoint
CREATE INDEX "policy_changes_complaint_idx" ON "policy_changes" USING btree ("complaint_id") WHERE "policy_changes"."complaint_id" is not null;--> statement-breakpoint
CREATE INDEX "policy_monitors_due_idx" ON "policy_monitors" USING btree ("next_check_at");--> statement-breakpoint
CREATE INDEX "policy_monitors_host_idx" ON "policy_monitors" USING btree ("host","last_checked_at");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_rule_sets_program_version_key" ON "policy_rule_sets" USING btree ("program_id","version");--> statement-breakpoint
-- Seals already certified on a policy fetched from its URL are watched from now on, their checks
-- spread over their program's interval (lib/services/policies/watch-policy.ts does the same at issue).
INSERT INTO "policy_monitors" ("seal_id", "url", "host", "certified_text", "certified_sha256", "certified_at", "next_check_at", "updated_at")
SELECT s."id", a."policy_url", lower(substring(a."policy_url" from '^[A-Za-z]+://(?:[^@/]*@)?([^/:?#]+)')), a."policy_text", a."policy_sha256",
       coalesce(a."policy_captured_at", s."issued_at"),
       now() + (('x' || substr(md5(s."id"::text), 1, 8))::bit(32)::bigint % (p."policy_check_interval_hours" * 3600)) * interval '1 second',
       now()
FROM "seals" s
JOIN "applications" a ON a."id" = s."application_id"
JOIN "programs" p ON p."id" = s."program_id"
WHERE a."policy_source" = 'url' AND a."policy_url" IS NOT NULL AND a."policy_text" IS NOT NULL AND a."policy_sha256" IS NOT NULL
  AND s."status" IN ('active', 'suspended');
