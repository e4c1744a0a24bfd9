-- Unproven claims made before claims could lapse get 14 days from now, not from when they were
-- made: their owners were never told a claim could lapse (ADR 0004, amendment).
UPDATE "sites" SET "claim_lapses_at" = now() + interval '14 days' WHERE "verified_at" IS NULL AND "claim_lapses_at" IS NULL;
