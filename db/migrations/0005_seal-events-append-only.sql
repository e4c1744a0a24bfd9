-- The public history of a seal is a record of what the program said and when: it is never rewritten.
CREATE FUNCTION "seal_events_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'seal_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "seal_events_append_only" BEFORE UPDATE OR DELETE ON "seal_events"
  FOR EACH ROW EXECUTE FUNCTION "seal_events_refuse_change"();
