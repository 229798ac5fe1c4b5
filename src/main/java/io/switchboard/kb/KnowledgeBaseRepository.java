package io.switchboard.kb;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Articles in PostgreSQL: writes (create, update, upsert by slug and language, delete) and reads (by id, by
 * category, full-text search). After every write the vocabulary view {@code kb_lexicon} is refreshed, because
 * the confidence measure and the typo correction read it.
 *
 * <h2>Confidence</h2>
 * A question is stemmed with the language's text search configuration (english, spanish, russian); each
 * question word unknown to the knowledge base is replaced by the most similar known word (pg_trgm, for typos),
 * weighted by that similarity because the correction is a guess. Every word gets an inverse-document-frequency
 * weight, so "refund" counts more than "order"; words the knowledge base has never seen weigh like the rarest words. Then,
 * per article:
 * <pre>
 *   cover      = weight of the question's words found anywhere in the article / weight of all question words
 *   headCover  = the same for the article's title and tags only
 *   confidence = 0.40 cover + 0.50 headCover + 0.10 ts_rank_cd(A=title, B=tags, C=body, normalised rank/(rank+1))
 * </pre>
 * The head weighs most because title and tags are what an author curates as "what this article is about"; words
 * found only in a body are often incidental.
 * Because both covers are fractions of the question, the measure means the same thing for a two-word and a
 * twenty-word question, so one threshold works for all.
 */
public final class KnowledgeBaseRepository {

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String COLUMNS = "id, slug, language, title, body, tags, category, quick_replies, links,"
      + " version, created_at, updated_at";

  private static final String INSERT = "INSERT INTO kb_articles (slug, language, title, body, tags, category,"
      + " quick_replies, links) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING " + COLUMNS;

  /** Upsert on the external key; an identical article is left alone (no row returned, version unchanged). */
  private static final String UPSERT = """
      INSERT INTO kb_articles (slug, language, title, body, tags, category, quick_replies, links)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (slug, language) DO UPDATE
         SET title = EXCLUDED.title, body = EXCLUDED.body, tags = EXCLUDED.tags, category = EXCLUDED.category,
             quick_replies = EXCLUDED.quick_replies, links = EXCLUDED.links,
             version = kb_articles.version + 1, updated_at = now()
       WHERE (kb_articles.title, kb_articles.body, kb_articles.tags, kb_articles.category,
              kb_articles.quick_replies, kb_articles.links)
             IS DISTINCT FROM
             (EXCLUDED.title, EXCLUDED.body, EXCLUDED.tags, EXCLUDED.category, EXCLUDED.quick_replies,
              EXCLUDED.links)
      RETURNING (xmax = 0) AS created
      """;

  private static final String UPDATE = "UPDATE kb_articles SET slug = $2, language = $3, title = $4, body = $5,"
      + " tags = $6, category = $7, quick_replies = $8, links = $9, version = version + 1, updated_at = now()"
      + " WHERE id = $1 AND ($10::int IS NULL OR version = $10) RETURNING " + COLUMNS;

  private static final String SEARCH = """
      WITH asked AS (
        SELECT DISTINCT unnest(kb_lexemes($2, $1)) AS lexeme
      ), known AS (
        SELECT coalesce(exact.lexeme, near.lexeme) AS lexeme, coalesce(exact.articles, near.articles, 0) AS articles,
               CASE WHEN exact.lexeme IS NOT NULL THEN 1.0 ELSE coalesce(near.similarity, 1.0) END AS certainty
          FROM asked a
          LEFT JOIN kb_lexicon exact ON exact.language = $2 AND exact.lexeme = a.lexeme
          LEFT JOIN LATERAL (
            SELECT l.lexeme, l.articles, similarity(l.lexeme, a.lexeme) AS similarity FROM kb_lexicon l
             WHERE exact.lexeme IS NULL AND length(a.lexeme) >= 4 AND l.language = $2
               AND l.lexeme % a.lexeme AND similarity(l.lexeme, a.lexeme) >= 0.4
             ORDER BY similarity(l.lexeme, a.lexeme) DESC, l.articles DESC
             LIMIT 1) near ON true
      ), corpus AS (
        SELECT count(*)::float8 AS n FROM kb_articles WHERE language = $2
      ), weighted AS (
        SELECT k.lexeme,
               CASE WHEN k.lexeme IS NULL THEN $4::float8 * ln(c.n + 1)
                    ELSE k.certainty * ln((c.n + 1) / (k.articles + 0.5)) END AS idf
          FROM known k, corpus c
      ), question AS (
        SELECT sum(idf) AS idf,
               array_agg(DISTINCT lexeme) FILTER (WHERE lexeme IS NOT NULL) AS lexemes,
               to_tsquery('simple', string_agg(DISTINCT
                   '''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''', ' | ')) AS query
          FROM weighted
      ), scored AS (
        SELECT a.id, a.slug, a.language, a.title, a.body, a.category, a.quick_replies, a.links,
               (SELECT coalesce(sum(w.idf), 0) FROM weighted w WHERE w.lexeme = ANY (a.lexemes)) / q.idf AS cover,
               (SELECT coalesce(sum(w.idf), 0) FROM weighted w WHERE w.lexeme = ANY (a.head_lexemes)) / q.idf
                 AS head_cover,
               ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', a.search_vector, q.query, 32) AS rank
          FROM kb_articles a, question q
         WHERE a.language = $2 AND q.idf > 0 AND a.lexemes && q.lexemes
      )
      SELECT id, slug, language, title, body, category, quick_replies, links, rank,
             least(1.0, 0.40 * cover + 0.50 * head_cover + 0.10 * rank) AS confidence
        FROM scored
       ORDER BY confidence DESC, rank DESC, id
       LIMIT $3
      """;

  /**
   * The weight of a question word the knowledge base has never seen, relative to ln(articles + 1): 0.8 makes it
   * count about as much as a word found in a single article. Unknown words are what makes an off-topic
   * question ("weather in Madrid tomorrow") score low even when one of its words happens to be in a title.
   */
  static final double UNKNOWN_WORD_WEIGHT = 0.8;

  private final Pool pool;

  public KnowledgeBaseRepository(Pool pool) {
    this.pool = pool;
  }

  /** Creates an article; fails with {@link DuplicateArticleException} if its slug exists in its language. */
  public Future<Article> create(ArticleInput input) {
    return pool.preparedQuery(INSERT)
        .execute(articleParams(input))
        .map(rows -> toArticle(rows.iterator().next()))
        .recover(failure -> Future.failedFuture(translate(failure, input)))
        .compose(article -> refreshLexicon().map(article));
  }

  /**
   * Replaces an article's content. Empty when no article has this id; fails with
   * {@link VersionConflictException} when {@code input.expectedVersion()} is set and differs.
   */
  public Future<Optional<Article>> update(long id, ArticleInput input) {
    Tuple params = Tuple.tuple().addLong(id);
    Tuple article = articleParams(input);
    for (int i = 0; i < article.size(); i++) {
      params.addValue(article.getValue(i));
    }
    params.addValue(input.expectedVersion());
    return pool.preparedQuery(UPDATE)
        .execute(params)
        .recover(failure -> Future.failedFuture(translate(failure, input)))
        .compose(rows -> {
          if (rows.size() > 0) {
            Article updated = toArticle(rows.iterator().next());
            return refreshLexicon().map(Optional.of(updated));
          }
          return find(id).compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.<Article>empty())
              : Future.failedFuture(new VersionConflictException(id, found.get().version())));
        });
  }

  /** Deletes an article; true if it existed. */
  public Future<Boolean> delete(long id) {
    return pool.preparedQuery("DELETE FROM kb_articles WHERE id = $1")
        .execute(Tuple.of(id))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false) : refreshLexicon().map(true));
  }

  /**
   * Creates or updates articles by {@code (slug, language)} in one transaction; re-importing the same content
   * changes nothing. Then refreshes the vocabulary once.
   */
  public Future<ImportResult> upsertAll(List<ArticleInput> inputs) {
    if (inputs.isEmpty()) {
      return Future.succeededFuture(new ImportResult(0, 0, 0));
    }
    List<Tuple> batch = inputs.stream().map(KnowledgeBaseRepository::articleParams).toList();
    return pool.withTransaction(connection -> upsertBatch(connection, batch))
        .compose(result -> refreshLexicon().map(result));
  }

  private static Future<ImportResult> upsertBatch(SqlConnection connection, List<Tuple> batch) {
    return connection.preparedQuery(UPSERT)
        .executeBatch(batch)
        .map(first -> {
          int created = 0;
          int updated = 0;
          int unchanged = 0;
          for (RowSet<Row> rows = first; rows != null; rows = rows.next()) {
            if (rows.size() == 0) {
              unchanged++;
            } else if (rows.iterator().next().getBoolean("created")) {
              created++;
            } else {
              updated++;
            }
          }
          return new ImportResult(created, updated, unchanged);
        });
  }

  public Future<Optional<Article>> find(long id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM kb_articles WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toArticle(rows.iterator().next())));
  }

  /** Articles, optionally of one language and category, ordered by slug then language. */
  public Future<List<Article>> list(String language, String category, int limit, int offset) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM kb_articles"
            + " WHERE ($1::text IS NULL OR language = $1) AND ($2::text IS NULL OR category = $2)"
            + " ORDER BY slug, language LIMIT $3 OFFSET $4")
        .execute(Tuple.of(language, category, limit, offset))
        .map(KnowledgeBaseRepository::toArticles);
  }

  /**
   * The best articles for a question in a language, best first, at most {@code limit}; empty when no article
   * shares a word with the question. One SQL round trip. See the class comment for the confidence measure.
   */
  public Future<List<SearchHit>> search(String question, String language, int limit) {
    return pool.preparedQuery(SEARCH)
        .execute(Tuple.of(QueryText.withoutFiller(language, question), language, limit, UNKNOWN_WORD_WEIGHT))
        .map(rows -> {
          List<SearchHit> hits = new ArrayList<>(rows.size());
          rows.forEach(row -> hits.add(toHit(row, row.getDouble("confidence"), row.getDouble("rank"))));
          return hits;
        });
  }

  /** An article as a search hit of full confidence: what a visitor who picked it explicitly gets. */
  public Future<Optional<SearchHit>> hit(long id) {
    return pool.preparedQuery("SELECT id, slug, language, title, body, category, quick_replies, links"
            + " FROM kb_articles WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(toHit(rows.iterator().next(), 1.0, 0.0)));
  }

  /** The articles of a category in a language, in slug order: what a "topic" quick reply lists. */
  public Future<List<SearchHit>> inCategory(String language, String category, int limit) {
    return pool.preparedQuery("SELECT id, slug, language, title, body, category, quick_replies, links"
            + " FROM kb_articles WHERE language = $1 AND category = $2 ORDER BY slug LIMIT $3")
        .execute(Tuple.of(language, category, limit))
        .map(rows -> {
          List<SearchHit> hits = new ArrayList<>(rows.size());
          rows.forEach(row -> hits.add(toHit(row, 1.0, 0.0)));
          return hits;
        });
  }

  /** CONCURRENTLY: searches keep reading the old vocabulary while the new one is built. */
  private Future<Void> refreshLexicon() {
    return pool.query("REFRESH MATERIALIZED VIEW CONCURRENTLY kb_lexicon").execute().mapEmpty();
  }

  private static Tuple articleParams(ArticleInput input) {
    return Tuple.tuple()
        .addString(input.slug())
        .addString(input.language())
        .addString(input.title())
        .addString(input.body())
        .addArrayOfString(input.tags().toArray(String[]::new))
        .addString(input.category())
        .addJsonArray(input.quickReplies())
        .addJsonArray(input.links());
  }

  private static Throwable translate(Throwable failure, ArticleInput input) {
    if (failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
      return new DuplicateArticleException(input.slug(), input.language());
    }
    return failure;
  }

  private static List<Article> toArticles(RowSet<Row> rows) {
    List<Article> out = new ArrayList<>(rows.size());
    rows.forEach(row -> out.add(toArticle(row)));
    return out;
  }

  private static Article toArticle(Row row) {
    return new Article(row.getLong("id"), row.getString("slug"), row.getString("language"), row.getString("title"),
        row.getString("body"), Arrays.asList(row.getArrayOfStrings("tags")), row.getString("category"),
        jsonArray(row, "quick_replies"), jsonArray(row, "links"), row.getInteger("version"),
        instant(row, "created_at"), instant(row, "updated_at"));
  }

  private static SearchHit toHit(Row row, double confidence, double rank) {
    return new SearchHit(row.getLong("id"), row.getString("slug"), row.getString("language"),
        row.getString("title"), row.getString("body"), row.getString("category"), jsonArray(row, "quick_replies"),
        jsonArray(row, "links"), Math.round(confidence * 10_000) / 10_000.0, rank);
  }

  private static JsonArray jsonArray(Row row, String column) {
    Object value = row.getValue(column);
    return value instanceof JsonArray array ? array : new JsonArray();
  }

  private static Instant instant(Row row, String column) {
    return row.getOffsetDateTime(column).toInstant();
  }

  /** An article with this slug already exists in this language. */
  public static final class DuplicateArticleException extends RuntimeException {
    public DuplicateArticleException(String slug, String language) {
      super("an article with slug '" + slug + "' already exists in language '" + language + "'");
    }
  }

  /** The article changed since the caller read it. */
  public static final class VersionConflictException extends RuntimeException {
    public VersionConflictException(long id, int current) {
      super("article " + id + " is at version " + current + "; reload it and apply your change again");
    }
  }
}
