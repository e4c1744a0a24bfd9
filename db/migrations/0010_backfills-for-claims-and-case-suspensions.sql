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
--> statement-breakpoint
-- Mails written before secrets were kept apart: a complaint's tracking link or an invitation link
-- sat in the body, in clear. Take it out. A mail still queued keeps the link in `secret` (it may yet
-- be sent, when SMTP is configured), with the placeholder in its body; a sent or failed mail loses
-- it. The pattern matches the link with or without an origin (mails written without
-- OPENSEAL_PUBLIC_URL named the bare path). Tokens are base64url (lib/complaints/tracking-token.ts,
-- lib/services/organizations/invitations.ts).
UPDATE "outbound_mails"
SET "secret" = CASE WHEN "status" = 'queued' THEN substring("body" from '(?:https?://[^[:space:]/]+)?/(?:complaints/track|invitations)/[A-Za-z0-9_-]{20,}') END,
    "body" = regexp_replace("body", '(?:https?://[^[:space:]/]+)?/(?:complaints/track|invitations)/[A-Za-z0-9_-]{20,}', '⟦one-time link⟧', 'g')
WHERE "body" ~ '/(?:complaints/track|invitations)/[A-Za-z0-9_-]{20,}';
--> statement-breakpoint
-- The organization of earlier mails about a complaint or a case, found by the reference in the
-- subject (references are random: C-XXXX-XXXX for complaints; see lib/cases/reference.ts for cases),
-- so that the outbox hides them from admins with a conflict of interest too.
UPDATE "outbound_mails" AS "m"
SET "organization_id" = "c"."organization_id"
FROM "complaints" AS "c"
WHERE "m"."organization_id" IS NULL AND "c"."organization_id" IS NOT NULL AND position("c"."reference" in "m"."subject") > 0;
--> statement-breakpoint
UPDATE "outbound_mails" AS "m"
SET "organization_id" = "k"."organization_id"
FROM "cases" AS "k"
WHERE "m"."organization_id" IS NULL AND position("k"."reference" in "m"."subject") > 0;
