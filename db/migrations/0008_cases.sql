CREATE TYPE "public"."appeal_outcome" AS ENUM('stands', 'changed', 'reversed');--> statement-breakpoint
CREATE TYPE "public"."case_decision_state" AS ENUM('proposed', 'in_effect', 'withdrawn', 'overturned');--> statement-breakpoint
CREATE TYPE "public"."case_kind" AS ENUM('complaint', 'change_of_control');--> statement-breakpoint
CREATE TYPE "public"."case_message_audience" AS ENUM('site', 'complainant', 'internal');--> statement-breakpoint
CREATE TYPE "public"."case_message_kind" AS ENUM('notice', 'site_response', 'reminder', 'internal_note', 'complainant_request', 'complainant_reply', 'decision');--> statement-breakpoint
CREATE TYPE "public"."case_outcome" AS ENUM('no_violation', 'remedied', 'warning', 'corrective_action', 'suspension', 'revocation', 'referral');--> statement-breakpoint
CREATE TYPE "public"."case_status" AS ENUM('open', 'awaiting_site_response', 'in_review', 'decided', 'appealed', 'closed');--> statement-breakpoint
CREATE TYPE "public"."change_of_control_item" AS ENUM('no_standalone_sale', 'same_line_of_business', 'successor_bound_by_policy', 'opt_in_for_material_changes', 'customers_notified', 'destroyed_if_no_qualified_buyer');--> statement-breakpoint
CREATE TYPE "public"."change_of_control_kind" AS ENUM('bankruptcy', 'merger_acquisition', 'asset_sale', 'dissolution');--> statement-breakpoint
CREATE TYPE "public"."checklist_finding" AS ENUM('pending', 'satisfied', 'failed', 'not_applicable');--> statement-breakpoint
CREATE TABLE "case_appeals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"filed_by_id" uuid NOT NULL,
	"grounds" text NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"outcome" "appeal_outcome",
	"outcome_note" text,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"message_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"outcome" "case_outcome" NOT NULL,
	"state" "case_decision_state" NOT NULL,
	"reason_for_site" text NOT NULL,
	"summary_for_complainant" text NOT NULL,
	"corrective_due_at" timestamp with time zone,
	"revocation_reason" "revocation_reason",
	"referred_to" text,
	"decided_by_id" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"confirmed_by_id" uuid,
	"confirmed_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"appealable_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "case_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"audience" "case_message_audience" NOT NULL,
	"kind" "case_message_kind" NOT NULL,
	"complaint_id" uuid,
	"author_id" uuid,
	"body" text NOT NULL,
	"response_due_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" text NOT NULL,
	"kind" "case_kind" NOT NULL,
	"organization_id" uuid NOT NULL,
	"seal_id" uuid,
	"domain" text,
	"title" text NOT NULL,
	"status" "case_status" DEFAULT 'open' NOT NULL,
	"assigned_reviewer_id" uuid,
	"opened_by_id" uuid,
	"fast_track" boolean DEFAULT false NOT NULL,
	"response_due_at" timestamp with time zone,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"escalated_at" timestamp with time zone,
	"opened_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_of_control_checks" (
	"case_id" uuid NOT NULL,
	"item" "change_of_control_item" NOT NULL,
	"finding" "checklist_finding" DEFAULT 'pending' NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"recorded_by_id" uuid,
	"recorded_at" timestamp with time zone,
	CONSTRAINT "change_of_control_checks_case_id_item_pk" PRIMARY KEY("case_id","item")
);
--> statement-breakpoint
CREATE TABLE "change_of_control_declarations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" "change_of_control_kind" NOT NULL,
	"effective_on" date NOT NULL,
	"counterparty" text NOT NULL,
	"description" text NOT NULL,
	"declared_by_id" uuid NOT NULL,
	"declared_at" timestamp with time zone NOT NULL,
	CONSTRAINT "change_of_control_declarations_caseId_unique" UNIQUE("case_id")
);
--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "case_response_days" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "case_escalation_grace_days" integer DEFAULT 7 NOT NULL;--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "case_appeal_days" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE "case_appeals" ADD CONSTRAINT "case_appeals_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_appeals" ADD CONSTRAINT "case_appeals_decision_id_case_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."case_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_appeals" ADD CONSTRAINT "case_appeals_filed_by_id_users_id_fk" FOREIGN KEY ("filed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_appeals" ADD CONSTRAINT "case_appeals_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_attachments" ADD CONSTRAINT "case_attachments_message_id_case_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."case_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_decisions" ADD CONSTRAINT "case_decisions_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_decisions" ADD CONSTRAINT "case_decisions_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_decisions" ADD CONSTRAINT "case_decisions_confirmed_by_id_users_id_fk" FOREIGN KEY ("confirmed_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_messages" ADD CONSTRAINT "case_messages_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_messages" ADD CONSTRAINT "case_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_seal_id_seals_id_fk" FOREIGN KEY ("seal_id") REFERENCES "public"."seals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_assigned_reviewer_id_users_id_fk" FOREIGN KEY ("assigned_reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_opened_by_id_users_id_fk" FOREIGN KEY ("opened_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_of_control_checks" ADD CONSTRAINT "change_of_control_checks_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_of_control_checks" ADD CONSTRAINT "change_of_control_checks_recorded_by_id_users_id_fk" FOREIGN KEY ("recorded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_of_control_declarations" ADD CONSTRAINT "change_of_control_declarations_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_of_control_declarations" ADD CONSTRAINT "change_of_control_declarations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_of_control_declarations" ADD CONSTRAINT "change_of_control_declarations_declared_by_id_users_id_fk" FOREIGN KEY ("declared_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "case_appeals_decision_key" ON "case_appeals" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "case_attachments_message_idx" ON "case_attachments" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "case_decisions_case_idx" ON "case_decisions" USING btree ("case_id","decided_at");--> statement-breakpoint
CREATE INDEX "case_messages_case_idx" ON "case_messages" USING btree ("case_id","created_at");--> statement-breakpoint
CREATE INDEX "case_messages_complaint_idx" ON "case_messages" USING btree ("complaint_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_reference_key" ON "cases" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "cases_status_due_idx" ON "cases" USING btree ("status","response_due_at");--> statement-breakpoint
CREATE INDEX "cases_organization_idx" ON "cases" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "cases_seal_idx" ON "cases" USING btree ("seal_id");--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;