-- Every message updates its conversation row (last_seq, updated_at, mood). An index on a column those updates change
-- (frustration_level) made each of them a non-HOT update, writing a new entry into every index of the table; the
-- wallboard's "hottest conversations" now finds the open conversations through their rarely changing status.
DROP INDEX conversations_frustration_idx;
CREATE INDEX conversations_open_idx ON conversations (status) WHERE status <> 'closed';
-- Room on each page for the new row versions of those updates, so they stay HOT (same page, no index writes).
ALTER TABLE conversations SET (fillfactor = 70);
