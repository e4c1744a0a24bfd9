-- Unproven claims made before claims could lapse get 14 days from now, not from when they were
-- made: their owners were never told a claim could lapse (ADR 0004, amendment).
UPDATE "sites" SET "claim_lapses_at" = now() + interval '14 days' WHERE "verified_at" IS NULL AND "claim_lapses_at" IS NULL;
--> statement-breakpoint
-- A seal suspended by a case decision before seals.suspension_case_id existed: the case is named
-- in the audit row of its latest suspension (lib/services/cases/decide-case.ts writes caseId there).
-- Without this, such a suspension could be lifted from the seal page, outside its case.
UPDATE "seals" AS s
SET "suspension_case_id" = (latest."after"->>'caseId')::uuid
FROM (
  SELECT DISTINCT ON ("entity_id") "entity_id", "after"
  FROM "audit_events"
  WHERE "entity_type" = 'seal' AND "action" = 'seal.suspend'
  ORDER BY "entity_id", "occurred_at" DESC
) AS latest
WHERE s."status" = 'suspended'
  AND latest."entity_id" = s."id"::text
  AND latest."after"->>'caseId' IS NOT NULL;
