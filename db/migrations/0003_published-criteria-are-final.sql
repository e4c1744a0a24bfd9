-- A published criteria version is what applications and seals were judged against: it must never
-- change. Its rows and its criteria are refused every update and delete; a draft stays editable.
CREATE FUNCTION "criteria_versions_refuse_published_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'criteria version % is published and cannot change', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "criteria_versions_published_final" BEFORE UPDATE OR DELETE ON "criteria_versions"
  FOR EACH ROW EXECUTE FUNCTION "criteria_versions_refuse_published_change"();--> statement-breakpoint
CREATE FUNCTION "criteria_refuse_published_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "criteria_versions" WHERE "id" = OLD."criteria_version_id" AND "status" = 'published') THEN
    RAISE EXCEPTION 'criteria of a published version cannot change' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "criteria_published_final" BEFORE UPDATE OR DELETE ON "criteria"
  FOR EACH ROW EXECUTE FUNCTION "criteria_refuse_published_change"();--> statement-breakpoint
CREATE FUNCTION "criteria_refuse_insert_into_published"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "criteria_versions" WHERE "id" = NEW."criteria_version_id" AND "status" = 'published') THEN
    RAISE EXCEPTION 'a published criteria version cannot gain criteria' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "criteria_published_closed" BEFORE INSERT ON "criteria"
  FOR EACH ROW EXECUTE FUNCTION "criteria_refuse_insert_into_published"();
