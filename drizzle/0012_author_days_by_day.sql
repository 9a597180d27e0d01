-- One index for author_days: the primary key, day first. The daily cap's read (campaign, author, day)
-- and a window's back-fill (campaign, days) both use it, and an ingest writes where the current days
-- are, instead of at a random place in a second index keyed by author.
ALTER TABLE "author_days" DROP CONSTRAINT "author_days_campaign_id_locality_id_day_author_key_pk";--> statement-breakpoint
ALTER TABLE "author_days" ADD CONSTRAINT "author_days_campaign_id_day_author_key_locality_id_pk" PRIMARY KEY("campaign_id","day","author_key","locality_id");--> statement-breakpoint
DROP INDEX IF EXISTS "author_days_author_day_idx";
