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
 * Articles in PostgreSQL: writes (create, update, upsert by slug and language, delete) and reads (by id, listing).
 * Searching is the node's {@link KnowledgeBaseIndex}'s job; a write through a repository that knows the index
 * completes only once that index has reloaded, so the caller's next search sees it (other nodes follow the
 * {@code kb_changed} notification).
 */
public final class KnowledgeBaseRepository {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KnowledgeBaseRepository.class);

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

  private final Pool pool;
  private final KnowledgeBaseIndex index;

  /** A repository whose writes other nodes learn of by notification only (the {@code import-kb} command). */
  public KnowledgeBaseRepository(Pool pool) {
    this(pool, null);
  }

  /** A repository whose writes complete once {@code index} (this node's) has reloaded. */
  public KnowledgeBaseRepository(Pool pool, KnowledgeBaseIndex index) {
    this.pool = pool;
    this.index = index;
  }

  /** Creates an article; fails with {@link DuplicateArticleException} if its slug exists in its language. */
  public Future<Article> create(ArticleInput input) {
    return pool.preparedQuery(INSERT)
        .execute(articleParams(input))
        .map(rows -> toArticle(rows.iterator().next()))
        .recover(failure -> Future.failedFuture(translate(failure, input)))
        .compose(article -> indexed().map(article));
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
            return indexed().map(Optional.of(updated));
          }
          return find(id).compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.<Article>empty())
              : Future.failedFuture(new VersionConflictException(id, found.get().version())));
        });
  }

  /** Deletes an article; true if it existed. */
  public Future<Boolean> delete(long id) {
    return pool.preparedQuery("DELETE FROM kb_articles WHERE id = $1")
        .execute(Tuple.of(id))
        .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false) : indexed().map(true));
  }

  /**
   * Creates or updates articles by {@code (slug, language)} in one transaction; re-importing the same content
   * changes nothing. Then waits for one index reload.
   */
  public Future<ImportResult> upsertAll(List<ArticleInput> inputs) {
    if (inputs.isEmpty()) {
      return Future.succeededFuture(new ImportResult(0, 0, 0));
    }
    List<Tuple> batch = inputs.stream().map(KnowledgeBaseRepository::articleParams).toList();
    return pool.withTransaction(connection -> upsertBatch(connection, batch))
        .compose(result -> indexed().map(result));
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

  /** The write is committed either way: a failed reload is logged, and the change notification retries it. */
  private Future<Void> indexed() {
    if (index == null) {
      return Future.succeededFuture();
    }
    return index.reload().recover(failure -> {
      LOG.warn("Knowledge base written, but this node's index did not reload: {}", failure.toString());
      return Future.succeededFuture();
    });
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
