DROP INDEX "complaints_case_idx";--> statement-breakpoint
CREATE INDEX "seal_events_occurred_type_idx" ON "seal_events" USING btree ("occurred_at","type");--> statement-breakpoint
CREATE INDEX "seal_events_sanctions_idx" ON "seal_events" USING btree ("occurred_at") WHERE "seal_events"."type" in ('suspended', 'revoked');--> statement-breakpoint
CREATE INDEX "complaints_dismissed_idx" ON "complaints" USING btree ("dismissed_at","dismissal_reason") WHERE "complaints"."dismissed_at" is not null;--> statement-breakpoint
CREATE INDEX "complaints_case_idx" ON "complaints" USING btree ("case_id","created_at") WHERE "complaints"."case_id" is not null;