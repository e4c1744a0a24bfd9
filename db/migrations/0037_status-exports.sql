CREATE TABLE "status_exports" (
	"day" text PRIMARY KEY NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"seal_count" integer NOT NULL,
	"sha256" text NOT NULL,
	"bytes" integer NOT NULL,
	"body" "bytea" NOT NULL,
	"signature" text NOT NULL
);
