-- Claims made before claims could lapse get the same 14 days as a new one, counted from this
-- migration rather than from the claim: their owners were never told a claim could lapse.
UPDATE "sites" SET "claim_lapses_at" = now() + interval '14 days' WHERE "verified_at" IS NULL AND "claim_lapses_at" IS NULL;
