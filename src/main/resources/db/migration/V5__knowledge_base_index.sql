-- The knowledge base is searched in each node's memory (io.switchboard.kb.KnowledgeBaseIndex); PostgreSQL keeps the
-- articles and their lexemes and tells every node when they change, whoever changed them (API, import-kb, SQL).
CREATE FUNCTION kb_articles_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Sent at commit; identical notifications of one transaction are folded into one.
  PERFORM pg_notify('kb_changed', '');
  RETURN NULL;
END
$$;
CREATE TRIGGER kb_articles_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON kb_articles
  FOR EACH STATEMENT EXECUTE FUNCTION kb_articles_changed();

-- The vocabulary and typo correction now live in the index; the materialized view is no longer read.
DROP MATERIALIZED VIEW kb_lexicon;
