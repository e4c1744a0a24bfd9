ALTER TYPE "public"."case_kind" ADD VALUE 'authority';--> statement-breakpoint
ALTER TABLE "seals" ADD COLUMN "suspension_case_id" uuid;