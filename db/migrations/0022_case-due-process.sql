ALTER TYPE "public"."case_message_kind" ADD VALUE 'site_message';--> statement-breakpoint
ALTER TABLE "case_decisions" ADD COLUMN "acted_before_deadline" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "case_decisions" ADD COLUMN "early_action_reason" text;--> statement-breakpoint
ALTER TABLE "case_messages" ADD COLUMN "deadline_reason" text;