CREATE TABLE IF NOT EXISTS "post_moderation" (
	"campaign_id" text NOT NULL,
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	"hidden" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "post_moderation_campaign_id_platform_external_id_pk" PRIMARY KEY("campaign_id","platform","external_id")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "campaign_moderation" (
	"campaign_id" text PRIMARY KEY NOT NULL,
	"negative_top_posts" boolean,
	"updated_at" timestamp with time zone NOT NULL
);
