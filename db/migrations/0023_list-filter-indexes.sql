CREATE INDEX "cases_kind_opened_id_idx" ON "cases" USING btree ("kind","opened_at","id");--> statement-breakpoint
CREATE INDEX "cases_assignee_opened_id_idx" ON "cases" USING btree ("assigned_reviewer_id","opened_at","id");--> statement-breakpoint
CREATE INDEX "complaints_category_status_created_id_idx" ON "complaints" USING btree ("category","status","created_at","id");