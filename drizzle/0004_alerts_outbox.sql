CREATE TABLE "alert_buckets" (
	"campaign_id" text NOT NULL,
	"series" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"posts" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "alert_buckets_campaign_id_series_bucket_start_pk" PRIMARY KEY("campaign_id","series","bucket_start")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"campaign_id" text NOT NULL,
	"series" text NOT NULL,
	"kind" text NOT NULL,
	"destination" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "detector_state" (
	"campaign_id" text NOT NULL,
	"series" text NOT NULL,
	"state" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "detector_state_campaign_id_series_pk" PRIMARY KEY("campaign_id","series")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_idempotency_key_idx" ON "alerts" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "alerts_status_next_idx" ON "alerts" USING btree ("status","next_attempt_at");