CREATE TABLE "challenge_windows" (
	"campaign_id" text NOT NULL,
	"first_day" text NOT NULL,
	"last_day" text NOT NULL,
	CONSTRAINT "challenge_windows_campaign_id_first_day_last_day_pk" PRIMARY KEY("campaign_id","first_day","last_day")
);
--> statement-breakpoint
CREATE TABLE "window_author_counts" (
	"campaign_id" text NOT NULL,
	"first_day" text NOT NULL,
	"last_day" text NOT NULL,
	"locality_id" text NOT NULL,
	"authors" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "window_author_counts_campaign_id_first_day_last_day_locality_id_pk" PRIMARY KEY("campaign_id","first_day","last_day","locality_id")
);
--> statement-breakpoint
CREATE TABLE "window_authors" (
	"campaign_id" text NOT NULL,
	"first_day" text NOT NULL,
	"last_day" text NOT NULL,
	"locality_id" text NOT NULL,
	"author_key" text NOT NULL,
	CONSTRAINT "window_authors_campaign_id_first_day_last_day_locality_id_author_key_pk" PRIMARY KEY("campaign_id","first_day","last_day","locality_id","author_key")
);
