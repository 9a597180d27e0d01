CREATE TABLE "author_days" (
	"campaign_id" text NOT NULL,
	"locality_id" text NOT NULL,
	"author_key" text NOT NULL,
	"day" text NOT NULL,
	"posts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "author_days_campaign_id_locality_id_day_author_key_pk" PRIMARY KEY("campaign_id","locality_id","day","author_key")
);
--> statement-breakpoint
CREATE TABLE "hashtag_rollups" (
	"campaign_id" text NOT NULL,
	"hashtag" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"posts" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "hashtag_rollups_campaign_id_hashtag_hour_pk" PRIMARY KEY("campaign_id","hashtag","hour")
);
--> statement-breakpoint
CREATE TABLE "job_fires" (
	"key" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"ok" boolean
);
--> statement-breakpoint
CREATE TABLE "leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"acquired_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "post_matches" (
	"campaign_id" text NOT NULL,
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	"author_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"locality_id" text NOT NULL,
	"method" text NOT NULL,
	"confidence" real NOT NULL,
	"hashtags" text[] NOT NULL,
	"sentiment" real NOT NULL,
	"sentiment_label" text NOT NULL,
	"sentiment_lang" text NOT NULL,
	"sentiment_confidence" real NOT NULL,
	"engagement" bigint NOT NULL,
	CONSTRAINT "post_matches_campaign_id_platform_external_id_pk" PRIMARY KEY("campaign_id","platform","external_id")
);
--> statement-breakpoint
CREATE TABLE "posts" (
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	"url" text,
	"author_id" text NOT NULL,
	"author_handle" text NOT NULL,
	"author_name" text,
	"author_location" text,
	"author_followers" integer,
	"text" text NOT NULL,
	"lang" text,
	"created_at" timestamp with time zone NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"likes" bigint DEFAULT 0 NOT NULL,
	"reposts" bigint DEFAULT 0 NOT NULL,
	"replies" bigint DEFAULT 0 NOT NULL,
	"quotes" bigint DEFAULT 0 NOT NULL,
	"views" bigint,
	"hashtags" text[] DEFAULT '{}'::text[] NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"place_name" text,
	"source_key" text NOT NULL,
	CONSTRAINT "posts_platform_external_id_created_at_pk" PRIMARY KEY("platform","external_id","created_at")
);
--> statement-breakpoint
CREATE TABLE "quarantine" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source_key" text NOT NULL,
	"platform" text NOT NULL,
	"reason" text NOT NULL,
	"payload" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollups" (
	"campaign_id" text NOT NULL,
	"locality_id" text NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"posts" integer DEFAULT 0 NOT NULL,
	"engagement" bigint DEFAULT 0 NOT NULL,
	"sentiment_sum" double precision DEFAULT 0 NOT NULL,
	"positive" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollups_campaign_id_locality_id_hour_pk" PRIMARY KEY("campaign_id","locality_id","hour")
);
--> statement-breakpoint
CREATE TABLE "snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"challenge_id" text NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"etag" text NOT NULL,
	"body" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_cursors" (
	"source_key" text PRIMARY KEY NOT NULL,
	"cursor" text,
	"last_success_at" timestamp with time zone,
	"last_error_at" timestamp with time zone,
	"last_error" text,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"paused_until" timestamp with time zone,
	"budget" jsonb,
	"posts_total" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "post_matches_campaign_locality_hour_idx" ON "post_matches" USING btree ("campaign_id","locality_id","hour");--> statement-breakpoint
CREATE INDEX "posts_created_at_idx" ON "posts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "quarantine_source_idx" ON "quarantine" USING btree ("source_key","created_at");--> statement-breakpoint
CREATE INDEX "snapshots_challenge_idx" ON "snapshots" USING btree ("challenge_id","generated_at");