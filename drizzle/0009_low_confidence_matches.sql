CREATE INDEX "post_matches_low_confidence_idx" ON "post_matches" USING btree ("campaign_id","hour") WHERE "uncounted_reason" = 'low_confidence';
