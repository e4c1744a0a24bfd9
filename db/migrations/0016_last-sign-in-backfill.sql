-- users.last_sign_in_at starts with what sign_in_attempts still remembers: the latest successful
-- attempt per address. Attempts are purged after twice the throttle window (30 minutes), so most
-- accounts start at null ("not since this was recorded") and fill in at their next sign-in.
UPDATE "users" AS u
SET "last_sign_in_at" = latest."at"
FROM (
  SELECT "email", max("attempted_at") AS "at"
  FROM "sign_in_attempts"
  WHERE "succeeded" = 'yes'
  GROUP BY "email"
) AS latest
WHERE lower(u."email") = latest."email"
  AND u."disabled_at" IS NULL
  AND (u."last_sign_in_at" IS NULL OR u."last_sign_in_at" < latest."at");
