-- Accounts of people who work in Switchboard (agents, supervisors, admins).
CREATE TABLE accounts (
  id            UUID PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  roles         TEXT[] NOT NULL CHECK (cardinality(roles) > 0),
  active        BOOLEAN NOT NULL DEFAULT TRUE,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Anonymous website visitors; their signed token carries this id.
CREATE TABLE visitors (
  id          UUID PRIMARY KEY,
  locale      TEXT,
  attributes  JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One support conversation. last_seq is the gap-free event counter: it is only advanced inside the
-- transaction that inserts the event, so a rolled-back insert also rolls back the number.
CREATE TABLE conversations (
  id          UUID PRIMARY KEY,
  visitor_id  UUID NOT NULL REFERENCES visitors(id) ON DELETE CASCADE,
  status      TEXT NOT NULL DEFAULT 'open',
  language    TEXT,
  page        TEXT,
  last_seq    BIGINT NOT NULL DEFAULT 0,
  created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX conversations_visitor_idx ON conversations (visitor_id, created_at DESC);

-- Every event of a conversation in order: messages from any party and status changes.
CREATE TABLE conversation_events (
  conversation_id UUID NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seq             BIGINT NOT NULL,
  kind            TEXT NOT NULL,
  author_kind     TEXT NOT NULL,
  author_id       TEXT NOT NULL,
  author_name     TEXT,
  client_id       TEXT,
  body            TEXT,
  data            JSONB NOT NULL DEFAULT '{}'::jsonb,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, seq)
);
-- Idempotent client retries: one stored event per sender and client message id in a conversation.
CREATE UNIQUE INDEX conversation_events_client_idx
  ON conversation_events (conversation_id, author_kind, author_id, client_id)
  WHERE client_id IS NOT NULL;
