-- Conversation-level frustration (see io.switchboard.frustration.ConversationMood): any node continues the
-- tracker from these numbers. The per-message score, level and reasons live in the message event's data.
ALTER TABLE conversations
  ADD COLUMN frustration_level      REAL,
  ADD COLUMN frustration_peak       REAL,
  ADD COLUMN frustration_trend      REAL,
  ADD COLUMN frustration_last_score REAL,
  ADD COLUMN frustration_updated_at TIMESTAMPTZ;

-- Hot conversations first: supervisors and queue priority read by level.
CREATE INDEX conversations_frustration_idx ON conversations (frustration_level DESC NULLS LAST)
  WHERE status <> 'closed';
