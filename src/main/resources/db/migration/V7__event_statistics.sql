-- conversation_events is read only by key (conversation, seq / client id); statistics on its bodies and data are
-- never used by a plan, and gathering them (detoasting thousands of long texts and JSON documents on each
-- autoanalyze of a table that grows by a thousand rows a second) was a CPU burst that stalled live traffic.
ALTER TABLE conversation_events ALTER COLUMN body SET STATISTICS 0;
ALTER TABLE conversation_events ALTER COLUMN data SET STATISTICS 0;
