CREATE TABLE "sentiment_overrides" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	"previous_label" text NOT NULL,
	"previous_score" real NOT NULL,
	"label" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sentiment_overrides_post_idx" ON "sentiment_overrides" USING btree ("campaign_id","platform","external_id");