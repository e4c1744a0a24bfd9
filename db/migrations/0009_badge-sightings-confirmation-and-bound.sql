CREATE TABLE "badge_sighting_overflows" (
	"seal_id" uuid NOT NULL,
	"day" date NOT NULL,
	"host_count" bigint NOT NULL,
	"request_count" bigint NOT NULL,
	CONSTRAINT "badge_sighting_overflows_seal_id_day_pk" PRIMARY KEY("seal_id","day")
);
--> statement-breakpoint
ALTER TABLE "badge_sightings" ADD COLUMN "checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "badge_sightings" ADD COLUMN "check_problem" text;--> statement-breakpoint
ALTER TABLE "badge_sightings" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "badge_sightings" ADD COLUMN "confirmed_url" text;--> statement-breakpoint
ALTER TABLE "badge_sightings" ADD COLUMN "confirmed_snippet" text;--> statement-breakpoint
ALTER TABLE "badge_sighting_overflows" ADD CONSTRAINT "badge_sighting_overflows_seal_id_seals_id_fk" FOREIGN KEY ("seal_id") REFERENCES "public"."seals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "badge_sightings_host_checked_idx" ON "badge_sightings" USING btree ("host","checked_at");