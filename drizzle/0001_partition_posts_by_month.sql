-- Posts become a table partitioned by month of created_at (see src/db/partitions.ts, which
-- creates the monthly partitions ahead of time and drops those past the retention).
-- Rows that fall outside every monthly partition land in posts_default.
ALTER TABLE "posts" RENAME TO "posts_unpartitioned";--> statement-breakpoint
ALTER TABLE "posts_unpartitioned" RENAME CONSTRAINT "posts_platform_external_id_created_at_pk" TO "posts_unpartitioned_pk";--> statement-breakpoint
DROP INDEX IF EXISTS "posts_created_at_idx";--> statement-breakpoint
CREATE TABLE "posts" (LIKE "posts_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("created_at");--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_platform_external_id_created_at_pk" PRIMARY KEY ("platform", "external_id", "created_at");--> statement-breakpoint
CREATE INDEX "posts_created_at_idx" ON "posts" USING btree ("created_at");--> statement-breakpoint
CREATE TABLE "posts_default" PARTITION OF "posts" DEFAULT;--> statement-breakpoint
INSERT INTO "posts" SELECT * FROM "posts_unpartitioned";--> statement-breakpoint
DROP TABLE "posts_unpartitioned";
