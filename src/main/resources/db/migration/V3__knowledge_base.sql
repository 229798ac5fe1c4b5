-- Knowledge base, self-service bot bookkeeping and knowledge gaps (issue 4).
-- pg_trgm corrects misspelt query words against the knowledge base's own vocabulary.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The text search configuration of a supported language. IMMUTABLE so it can be used in indexes.
CREATE FUNCTION kb_ts_config(lang TEXT) RETURNS regconfig
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE lang
             WHEN 'es' THEN 'pg_catalog.spanish'::regconfig
             WHEN 'ru' THEN 'pg_catalog.russian'::regconfig
             ELSE 'pg_catalog.english'::regconfig
           END
  $$;

-- Folds the spellings visitors mix freely before stemming: Spanish accents (envío / envio; ñ is kept because
-- año and ano are different words) and the Russian ё (ещё / еще).
CREATE FUNCTION kb_fold(lang TEXT, txt TEXT) RETURNS TEXT
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE lang
             WHEN 'es' THEN translate(lower(txt), 'áéíóúü', 'aeiouu')
             WHEN 'ru' THEN translate(lower(txt), 'ё', 'е')
             ELSE lower(txt)
           END
  $$;

-- The stemmed lexemes of a text in a language, sorted and distinct.
CREATE FUNCTION kb_lexemes(lang TEXT, txt TEXT) RETURNS TEXT[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT tsvector_to_array(to_tsvector(kb_ts_config(lang), kb_fold(lang, coalesce(txt, ''))))
  $$;

-- One article in one language. (slug, language) is the stable external key that imports upsert on.
CREATE TABLE kb_articles (
  id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  slug          TEXT NOT NULL,
  language      TEXT NOT NULL CHECK (language IN ('en', 'es', 'ru')),
  title         TEXT NOT NULL,
  body          TEXT NOT NULL,
  tags          TEXT[] NOT NULL DEFAULT '{}',
  category      TEXT NOT NULL,
  quick_replies JSONB NOT NULL DEFAULT '[]'::jsonb,
  links         JSONB NOT NULL DEFAULT '[]'::jsonb,
  version       INT NOT NULL DEFAULT 1,
  created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
  -- Maintained by kb_articles_index(): title weighs A, tags B, body C.
  search_vector TSVECTOR NOT NULL DEFAULT ''::tsvector,
  -- Lexemes of the whole article and of its head (title and tags), for the confidence measure.
  lexemes       TEXT[] NOT NULL DEFAULT '{}',
  head_lexemes  TEXT[] NOT NULL DEFAULT '{}',
  UNIQUE (slug, language)
);
CREATE INDEX kb_articles_search_idx ON kb_articles USING GIN (search_vector);
CREATE INDEX kb_articles_category_idx ON kb_articles (language, category);

CREATE FUNCTION kb_articles_index() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  config regconfig := kb_ts_config(NEW.language);
  tag_text TEXT := array_to_string(NEW.tags, ' ');
BEGIN
  NEW.search_vector :=
      setweight(to_tsvector(config, kb_fold(NEW.language, NEW.title)), 'A')
      || setweight(to_tsvector(config, kb_fold(NEW.language, tag_text)), 'B')
      || setweight(to_tsvector(config, kb_fold(NEW.language, NEW.body)), 'C');
  NEW.lexemes := tsvector_to_array(NEW.search_vector);
  NEW.head_lexemes := kb_lexemes(NEW.language, NEW.title || ' ' || tag_text);
  RETURN NEW;
END
$$;
CREATE TRIGGER kb_articles_index BEFORE INSERT OR UPDATE ON kb_articles
  FOR EACH ROW EXECUTE FUNCTION kb_articles_index();

-- The knowledge base's vocabulary per language with document frequencies: the weights of the confidence
-- measure (rare words carry more) and the dictionary for typo correction. Refreshed after every write.
CREATE MATERIALIZED VIEW kb_lexicon AS
  SELECT language, lexeme, count(*)::int AS articles
    FROM kb_articles, unnest(lexemes) AS lexeme
   GROUP BY language, lexeme;
CREATE UNIQUE INDEX kb_lexicon_key ON kb_lexicon (language, lexeme);
CREATE INDEX kb_lexicon_trgm ON kb_lexicon USING GIN (lexeme gin_trgm_ops);

-- "Was this helpful?" answers, one per visitor feedback event, attributed to the article that was answered.
CREATE TABLE kb_feedback (
  conversation_id UUID NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seq             BIGINT NOT NULL,
  reply_seq       BIGINT NOT NULL,
  article_id      BIGINT REFERENCES kb_articles(id) ON DELETE SET NULL,
  language        TEXT,
  helpful         BOOLEAN NOT NULL,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, seq)
);
CREATE INDEX kb_feedback_article_idx ON kb_feedback (article_id, helpful);

-- Questions the bot could not answer (fallbacks) or answered unhelpfully: the knowledge-gaps report's input.
CREATE TABLE kb_gaps (
  id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  language        TEXT NOT NULL,
  question        TEXT NOT NULL,
  lexemes         TEXT[] NOT NULL,
  reason          TEXT NOT NULL CHECK (reason IN ('fallback', 'unhelpful')),
  conversation_id UUID REFERENCES conversations(id) ON DELETE CASCADE,
  seq             BIGINT,
  article_id      BIGINT REFERENCES kb_articles(id) ON DELETE SET NULL,
  confidence      REAL,
  created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  UNIQUE (conversation_id, seq, reason)
);
CREATE INDEX kb_gaps_report_idx ON kb_gaps (language, created_at);

-- "The bot has taken this event": the primary key makes exactly one node answer each visitor event even
-- though every node's bot receives the event-bus publish. status is the conversation status the bot saw: it
-- answered only if that was 'open' (bot-owned); other rows record that it stayed silent because a human owns it.
CREATE TABLE bot_turns (
  conversation_id UUID NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seq             BIGINT NOT NULL,
  status          TEXT NOT NULL,
  claimed_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, seq)
);
