CREATE TABLE "account_metrics" (
	"campaign_id" text NOT NULL,
	"locality_id" text NOT NULL,
	"platform" text NOT NULL,
	"handle" text NOT NULL,
	"day" text NOT NULL,
	"followers" bigint,
	"following" bigint,
	"posts_count" bigint,
	"engagement_per_post" double precision,
	"recent_posts" integer,
	"missing_reason" text,
	"fetched_at" timestamp with time zone NOT NULL,
	CONSTRAINT "account_metrics_campaign_id_locality_id_platform_handle_day_pk" PRIMARY KEY("campaign_id","locality_id","platform","handle","day")
);
--> statement-breakpoint
CREATE INDEX "account_metrics_campaign_day_idx" ON "account_metrics" USING btree ("campaign_id","day");