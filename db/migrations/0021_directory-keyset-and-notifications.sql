DROP INDEX "notifications_recipient_idx";--> statement-breakpoint
CREATE INDEX "organizations_lower_legal_name_idx" ON "organizations" USING btree (lower("legal_name"));--> statement-breakpoint
CREATE INDEX "notifications_recipient_idx" ON "notifications" USING btree ("recipient_id","created_at","id");