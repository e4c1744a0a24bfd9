CREATE TYPE "public"."notice_template_kind" AS ENUM('notice', 'site_message', 'complainant_request');--> statement-breakpoint
CREATE TABLE "program_notice_templates" (
	"program_id" uuid NOT NULL,
	"kind" "notice_template_kind" NOT NULL,
	"body" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "program_notice_templates_program_id_kind_pk" PRIMARY KEY("program_id","kind")
);
--> statement-breakpoint
ALTER TABLE "program_notice_templates" ADD CONSTRAINT "program_notice_templates_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;