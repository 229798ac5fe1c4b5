-- Hand-off to humans (issue 5). PostgreSQL is the source of truth for queues, offers, assignments and presence:
-- every node's dispatcher works on these rows with row locks (FOR UPDATE SKIP LOCKED), and every timer is a
-- timestamp column that any node's sweep can act on, so nothing is lost when the node that set it dies.

-- A request for a person (handoff_requested status event) is also a durable flag on the conversation, set in the
-- same statement as the event: if the node that should have escalated dies first, any node's sweep escalates it.
ALTER TABLE conversations
  ADD COLUMN escalation_requested_at TIMESTAMPTZ,
  ADD COLUMN escalation_reason       TEXT;
CREATE INDEX conversations_escalation_requested ON conversations (escalation_requested_at)
  WHERE escalation_requested_at IS NOT NULL;

-- Routing facts about an agent account.
CREATE TABLE agent_profiles (
  account_id UUID PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  skills     TEXT[] NOT NULL DEFAULT '{}',
  languages  TEXT[] NOT NULL DEFAULT '{en}',
  max_chats  INT NOT NULL DEFAULT 3 CHECK (max_chats > 0)
);

-- Explicit availability plus heartbeat, merged across the agent's devices (one row per agent).
CREATE TABLE agent_presence (
  account_id   UUID PRIMARY KEY REFERENCES accounts(id) ON DELETE CASCADE,
  available    BOOLEAN NOT NULL DEFAULT FALSE,
  last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  idle_since   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE queues (
  id               TEXT PRIMARY KEY,
  name             TEXT NOT NULL,
  languages        TEXT[] NOT NULL,
  skills           TEXT[] NOT NULL DEFAULT '{}',
  max_wait_seconds INT NOT NULL DEFAULT 900 CHECK (max_wait_seconds > 0)
);

-- One hand-off of a conversation to humans. state: queued | offered | assigned | wrap_up | closed | offline.
CREATE TABLE handoffs (
  id               UUID PRIMARY KEY,
  conversation_id  UUID NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  queue_id         TEXT NOT NULL REFERENCES queues(id),
  state            TEXT NOT NULL,
  reason           TEXT NOT NULL,
  language         TEXT NOT NULL,
  skill            TEXT,
  packet           JSONB NOT NULL,
  frustration      REAL NOT NULL DEFAULT 0,
  -- Aging counts from here; a re-queue after an agent was lost keeps it and sets front.
  enqueued_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  front            BOOLEAN NOT NULL DEFAULT FALSE,
  offered_to       UUID REFERENCES accounts(id),
  offer_expires_at TIMESTAMPTZ,
  declined_by      UUID[] NOT NULL DEFAULT '{}',
  -- The agent who last let an offer of this hand-off expire: tried last next time.
  last_offered_to  UUID REFERENCES accounts(id) ON DELETE SET NULL,
  assigned_to      UUID REFERENCES accounts(id),
  assigned_at      TIMESTAMPTZ,
  resolution       TEXT,
  closed_at        TIMESTAMPTZ,
  offline_message  TEXT,
  offline_email    TEXT,
  created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- At most one live hand-off per conversation: a second escalation of the same conversation is a no-op.
CREATE UNIQUE INDEX handoffs_one_live ON handoffs (conversation_id) WHERE state NOT IN ('closed');
CREATE INDEX handoffs_waiting ON handoffs (queue_id, enqueued_at) WHERE state = 'queued';
CREATE INDEX handoffs_offers ON handoffs (offer_expires_at) WHERE state = 'offered';
CREATE INDEX handoffs_agent ON handoffs (assigned_to) WHERE state IN ('assigned', 'wrap_up');

-- Canned responses: shared (owner NULL) or personal.
CREATE TABLE canned_responses (
  id         UUID PRIMARY KEY,
  owner_id   UUID REFERENCES accounts(id) ON DELETE CASCADE,
  shortcut   TEXT NOT NULL,
  language   TEXT,
  text       TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Every installation has a queue that takes every language, so no escalation is ever without a queue.
INSERT INTO queues (id, name, languages) VALUES ('general', 'General support', '{en,es,ru}');

CREATE UNIQUE INDEX canned_responses_shortcut ON canned_responses (coalesce(owner_id::text, ''), shortcut);
