CREATE TABLE "counted_texts" (
	"campaign_id" text NOT NULL,
	"text_hash" text NOT NULL,
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	CONSTRAINT "counted_texts_campaign_id_text_hash_pk" PRIMARY KEY("campaign_id","text_hash")
);
--> statement-breakpoint
CREATE TABLE "top_posts" (
	"campaign_id" text NOT NULL,
	"locality_id" text NOT NULL,
	"day" text NOT NULL,
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	"url" text,
	"engagement" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "top_posts_campaign_id_platform_external_id_pk" PRIMARY KEY("campaign_id","platform","external_id")
);
--> statement-breakpoint
ALTER TABLE "author_days" ADD COLUMN "counted" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "post_matches" ADD COLUMN "counted" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "post_matches" ADD COLUMN "uncounted_reason" text;--> statement-breakpoint
ALTER TABLE "rollups" ADD COLUMN "counted_posts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups" ADD COLUMN "counted_engagement" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups" ADD COLUMN "counted_sentiment_sum" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups" ADD COLUMN "counted_positive" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "rollups" ADD COLUMN "counted_negative" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "top_posts_campaign_locality_day_idx" ON "top_posts" USING btree ("campaign_id","locality_id","day");