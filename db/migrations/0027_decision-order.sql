DROP INDEX "case_decisions_case_idx";--> statement-breakpoint
ALTER TABLE "case_decisions" ADD COLUMN "seq" bigint;--> statement-breakpoint
-- Decisions already made are numbered in the order they were made (then by id, as they were listed).
UPDATE "case_decisions" AS d SET "seq" = o.n FROM (SELECT "id", row_number() OVER (ORDER BY "decided_at", "id") AS n FROM "case_decisions") AS o WHERE o."id" = d."id";--> statement-breakpoint
ALTER TABLE "case_decisions" ALTER COLUMN "seq" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "case_decisions" ALTER COLUMN "seq" ADD GENERATED ALWAYS AS IDENTITY (sequence name "case_decisions_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
SELECT setval('case_decisions_seq_seq', coalesce((SELECT max("seq") FROM "case_decisions"), 0) + 1, false);--> statement-breakpoint
CREATE INDEX "case_decisions_case_idx" ON "case_decisions" USING btree ("case_id","seq");
