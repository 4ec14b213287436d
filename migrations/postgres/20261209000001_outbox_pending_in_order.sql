-- The worker claims the oldest pending messages first (ORDER BY id). Through `outbox_due`
-- it read every pending row and sorted them for each claim, so delivery slowed as the queue
-- grew (85 emails a second with 100,000 waiting, 285 with 18,000). Pending rows in id order
-- let a claim stop after its batch; a sent row leaves this index.
CREATE INDEX outbox_pending_in_order ON outbox (id) WHERE status = 'pending';
