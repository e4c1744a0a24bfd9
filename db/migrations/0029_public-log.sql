ALTER TYPE "public"."seal_event_type" ADD VALUE 'reason_changed';--> statement-breakpoint
CREATE TABLE "log_checkpoints" (
	"size" bigint PRIMARY KEY NOT NULL,
	"root_hash" "bytea" NOT NULL,
	"note" text NOT NULL,
	"signed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "log_hashes" (
	"level" smallint NOT NULL,
	"index" bigint NOT NULL,
	"hash" "bytea" NOT NULL,
	CONSTRAINT "log_hashes_level_index_pk" PRIMARY KEY("level","index")
);
--> statement-breakpoint
CREATE TABLE "log_head" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"size" bigint NOT NULL,
	CONSTRAINT "log_head_single_row" CHECK ("log_head"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "seal_events" ADD COLUMN "log_index" bigint;--> statement-breakpoint
ALTER TABLE "seal_events" ADD COLUMN "log_entry" "bytea";--> statement-breakpoint
-- A log entry as lib/log/entries.ts writes it: RFC 8785 canonical JSON (keys sorted, strings escaped
-- as JSON.stringify does them, which to_json does alike), times in UTC with milliseconds. Used by
-- the backfill below and by SQL that writes events in bulk (the scale seed); a test holds it equal
-- to the library's output.
CREATE FUNCTION "log_entry_bytes"("seal_id" text, "event" text, "status" text, "reason" text, "occurred_at" timestamptz, "expires_at" timestamptz, "criteria_version" integer)
RETURNS bytea LANGUAGE sql STABLE AS $$
SELECT convert_to(
	'{"criteriaVersion":' || "criteria_version"
	|| ',"event":' || to_json("event")::text
	|| ',"expiresAt":' || to_json(to_char("expires_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
	|| ',"occurredAt":' || to_json(to_char("occurred_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
	|| ',"reason":' || COALESCE(to_json("reason")::text, 'null')
	|| ',"sealId":' || to_json("seal_id")::text
	|| ',"status":' || to_json("status")::text
	|| '}',
	'UTF8')
$$;--> statement-breakpoint
-- The backfill (ADR 0023): every event recorded so far enters the log in the order it happened
-- (same instant: the lifecycle's order). A revocation recorded after an earlier one of the same
-- seal made its reason more severe: `reason_changed`.
-- The criteria version is the one the seal held then: that of its latest issue or renewal before
-- the event (the audit trail keeps it), else its current one.
ALTER TABLE "seal_events" DISABLE TRIGGER "seal_events_append_only";--> statement-breakpoint
WITH "ordered" AS (
	SELECT
		e."id",
		row_number() OVER (ORDER BY e."occurred_at", e."type", e."id") - 1 AS "log_index",
		CASE
			WHEN e."type" = 'revoked' AND EXISTS (
				SELECT 1 FROM "seal_events" p
				WHERE p."seal_id" = e."seal_id" AND p."type" = 'revoked' AND (p."occurred_at", p."id") < (e."occurred_at", e."id")
			) THEN 'reason_changed'
			ELSE e."type"::text
		END AS "event",
		COALESCE(
			(SELECT cv."version" FROM "audit_events" a JOIN "criteria_versions" cv ON cv."id"::text = a."after" ->> 'criteriaVersionId'
			 WHERE a."entity_type" = 'seal' AND a."entity_id" = e."seal_id"::text AND a."action" IN ('seal.issue', 'seal.renew') AND a."occurred_at" <= e."occurred_at"
			 ORDER BY a."occurred_at" DESC LIMIT 1),
			(SELECT cv."version" FROM "criteria_versions" cv WHERE cv."id" = s."criteria_version_id")
		) AS "criteria_version",
		s."public_id",
		e."status",
		e."reason",
		e."occurred_at",
		e."expires_at"
	FROM "seal_events" e JOIN "seals" s ON s."id" = e."seal_id"
)
UPDATE "seal_events" t SET
	"log_index" = o."log_index",
	"log_entry" = log_entry_bytes(o."public_id", o."event", o."status"::text, o."reason", o."occurred_at", o."expires_at", o."criteria_version")
FROM "ordered" o WHERE t."id" = o."id";--> statement-breakpoint
ALTER TABLE "seal_events" ENABLE TRIGGER "seal_events_append_only";--> statement-breakpoint
ALTER TABLE "seal_events" ALTER COLUMN "log_index" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "seal_events" ALTER COLUMN "log_entry" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "seal_events_log_index_idx" ON "seal_events" USING btree ("log_index");--> statement-breakpoint
INSERT INTO "log_head" ("id", "size") SELECT 1, count(*) FROM "seal_events";--> statement-breakpoint
-- The log is never rewritten: its hashes and checkpoints are append-only, a checkpoint never signs
-- a smaller tree than the last one, and the counter of indexes only grows.
CREATE FUNCTION "log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "log_hashes_append_only" BEFORE UPDATE OR DELETE ON "log_hashes"
  FOR EACH ROW EXECUTE FUNCTION "log_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "log_checkpoints_append_only" BEFORE UPDATE OR DELETE ON "log_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION "log_refuse_change"();--> statement-breakpoint
CREATE TRIGGER "log_head_kept" BEFORE DELETE ON "log_head"
  FOR EACH ROW EXECUTE FUNCTION "log_refuse_change"();--> statement-breakpoint
CREATE FUNCTION "log_checkpoints_refuse_smaller"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "log_checkpoints" WHERE "size" > NEW."size") THEN
    RAISE EXCEPTION 'log_checkpoints: a checkpoint for % entries is smaller than one already signed', NEW."size" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "log_checkpoints_never_smaller" BEFORE INSERT ON "log_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION "log_checkpoints_refuse_smaller"();--> statement-breakpoint
CREATE FUNCTION "log_head_refuse_shrink"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."size" < OLD."size" OR NEW."id" <> OLD."id" THEN
    RAISE EXCEPTION 'log_head only grows: % to % refused', OLD."size", NEW."size" USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "log_head_only_grows" BEFORE UPDATE ON "log_head"
  FOR EACH ROW EXECUTE FUNCTION "log_head_refuse_shrink"();
