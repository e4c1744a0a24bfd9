DROP INDEX "complaints_status_created_idx";--> statement-breakpoint
CREATE INDEX "organizations_legal_name_trgm_idx" ON "organizations" USING gin ("legal_name" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "sites_domain_trgm_idx" ON "sites" USING gin ("domain" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "applications_queue_idx" ON "applications" USING btree ("submitted_at","id") WHERE "applications"."status" in ('submitted', 'in_review');--> statement-breakpoint
CREATE INDEX "seal_domains_domain_trgm_idx" ON "seal_domains" USING gin ("domain" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "seals_issued_id_idx" ON "seals" USING btree ("issued_at","id");--> statement-breakpoint
CREATE INDEX "seals_status_issued_id_idx" ON "seals" USING btree ("status","issued_at","id");--> statement-breakpoint
CREATE INDEX "seals_public_id_trgm_idx" ON "seals" USING gin ("public_id" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "cases_queue_idx" ON "cases" USING btree ((not "fast_track"),(- "escalation_level"),coalesce("response_due_at", 'infinity'::timestamptz),"opened_at","id") WHERE "cases"."status" <> 'closed';--> statement-breakpoint
CREATE INDEX "cases_opened_id_idx" ON "cases" USING btree ("opened_at","id");--> statement-breakpoint
CREATE INDEX "cases_reference_trgm_idx" ON "cases" USING gin ("reference" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "cases_domain_trgm_idx" ON "cases" USING gin ("domain" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "complaints_status_created_id_idx" ON "complaints" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "complaints_created_id_idx" ON "complaints" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "complaints_source_created_id_idx" ON "complaints" USING btree ("source","created_at","id");--> statement-breakpoint
CREATE INDEX "complaints_triage_idx" ON "complaints" USING btree ((not "fast_track"),"created_at","id") WHERE "complaints"."status" = 'new';--> statement-breakpoint
CREATE INDEX "complaints_reference_trgm_idx" ON "complaints" USING gin ("reference" gin_trgm_ops) WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "complaints_domain_trgm_idx" ON "complaints" USING gin ("domain" gin_trgm_ops) WITH (fastupdate=false);