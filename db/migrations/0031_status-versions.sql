ALTER TABLE "seals" ADD COLUMN "status_version" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- What a status document shows comes from the seal's row, its holder (name, country), its program
-- (slug, name) and its domains. Any change to them moves the seal's status_version on, in the
-- transaction of the change, whoever makes it (the services, a script, an operator's SQL).
CREATE FUNCTION "seals_next_status_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."status_version" := OLD."status_version" + 1;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "seals_status_version" BEFORE UPDATE ON "seals"
  FOR EACH ROW EXECUTE FUNCTION "seals_next_status_version"();--> statement-breakpoint
CREATE FUNCTION "organizations_touch_seals"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "seals" SET "status_version" = "status_version" + 1 WHERE "organization_id" = NEW."id";
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "organizations_status_version" AFTER UPDATE OF "legal_name", "country" ON "organizations"
  FOR EACH ROW WHEN (OLD."legal_name" IS DISTINCT FROM NEW."legal_name" OR OLD."country" IS DISTINCT FROM NEW."country")
  EXECUTE FUNCTION "organizations_touch_seals"();--> statement-breakpoint
CREATE FUNCTION "programs_touch_seals"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "seals" SET "status_version" = "status_version" + 1 WHERE "program_id" = NEW."id";
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "programs_status_version" AFTER UPDATE OF "slug", "name" ON "programs"
  FOR EACH ROW WHEN (OLD."slug" IS DISTINCT FROM NEW."slug" OR OLD."name" IS DISTINCT FROM NEW."name")
  EXECUTE FUNCTION "programs_touch_seals"();--> statement-breakpoint
CREATE FUNCTION "seal_domains_touch_seal"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "seals" SET "status_version" = "status_version" + 1 WHERE "id" = COALESCE(NEW."seal_id", OLD."seal_id");
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "seal_domains_status_version" AFTER INSERT OR UPDATE OR DELETE ON "seal_domains"
  FOR EACH ROW EXECUTE FUNCTION "seal_domains_touch_seal"();
