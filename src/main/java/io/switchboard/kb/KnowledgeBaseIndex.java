package io.switchboard.kb;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * This node's in-memory copy of the knowledge base, searched by the bot, the agents' suggestions and the search API.
 * PostgreSQL stays the source of truth and does the language work: it stems every article when it is written
 * (title, tags, body, weighted) and every question when it is asked ({@code kb_lexemes}); the index holds those
 * lexemes and scores in memory (see {@link LanguageIndex}).
 *
 * <p>Freshness: a statement trigger on {@code kb_articles} sends {@code NOTIFY kb_changed} at commit, whoever wrote
 * (the API on any node, the {@code import-kb} command, plain SQL); every node listens and reloads. After a
 * reconnect of the listening connection it reloads too, since notifications sent meanwhile are lost. A write
 * through this node's API waits for this node's reload, so its caller's next question already sees it.
 *
 * <p>A reload reads all articles in one query and builds the new index on a worker thread; searches keep using the
 * previous one until it is swapped in. Reloads asked for while one runs are folded into one more.
 */
public final class KnowledgeBaseIndex {

  private static final Logger LOG = LoggerFactory.getLogger(KnowledgeBaseIndex.class);
  static final String CHANNEL = "kb_changed";
  private static final long RECONNECT_DELAY_MS = 1_000;

  private static final String LOAD = """
      SELECT a.id, a.slug, a.language, a.title, a.body, a.category, a.quick_replies, a.links, a.lexemes,
             a.head_lexemes, (SELECT json_object_agg(u.lexeme, u.weights) FROM unnest(a.search_vector) u) AS weights
        FROM kb_articles a
       ORDER BY a.id
      """;

  /** {@code ts_rank_cd}'s default weights by label, as the PostgreSQL reals they are. */
  private static final Map<String, Double> LABEL_WEIGHTS = Map.of(
      "A", (double) 1.0f, "B", (double) 0.4f, "C", (double) 0.2f, "D", (double) 0.1f);

  private final Vertx vertx;
  private final Pool pool;
  private final PgSubscriber subscriber;
  private volatile Snapshot snapshot = Snapshot.EMPTY;
  private Future<Void> reloading;
  private Promise<Void> nextReload;

  private KnowledgeBaseIndex(Vertx vertx, PgConnectOptions database) {
    this.vertx = vertx;
    this.pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1).setName("switchboard-kb-index"))
        .connectingTo(database)
        .using(vertx)
        .build();
    this.subscriber = PgSubscriber.subscriber(vertx, database)
        .reconnectPolicy(attempt -> RECONNECT_DELAY_MS);
  }

  /** Loads the knowledge base and starts listening for changes; fails if PostgreSQL cannot be reached. */
  public static Future<KnowledgeBaseIndex> start(Vertx vertx, PgConnectOptions database) {
    KnowledgeBaseIndex index = new KnowledgeBaseIndex(vertx, database);
    index.subscriber.channel(CHANNEL)
        .subscribeHandler(subscribed -> index.reload()
            .onFailure(failure -> LOG.warn("Knowledge base reload after (re)subscribing failed: {}", failure.toString())))
        .handler(payload -> index.reload()
            .onFailure(failure -> LOG.warn("Knowledge base reload after a change failed: {}", failure.toString())));
    return index.subscriber.connect()
        .compose(connected -> index.reload())
        .recover(failure -> index.close().transform(closed -> Future.failedFuture(new IllegalStateException(
            "database: cannot load the knowledge base from PostgreSQL: " + failure.getMessage(), failure))))
        .map(index);
  }

  /** Reads the knowledge base again; completes once searches see what was committed before the call. */
  public synchronized Future<Void> reload() {
    if (reloading == null) {
      Future<Void> started = load();
      reloading = started;
      started.onComplete(done -> reloaded());
      return started;
    }
    // A load is running but may have read before the caller's commit: one more after it serves every such caller.
    if (nextReload == null) {
      nextReload = Promise.promise();
    }
    return nextReload.future();
  }

  private synchronized void reloaded() {
    reloading = null;
    if (nextReload != null) {
      Promise<Void> waiting = nextReload;
      nextReload = null;
      reload().onComplete(waiting);
    }
  }

  private Future<Void> load() {
    return pool.query(LOAD).execute()
        .compose(rows -> vertx.executeBlocking(() -> Snapshot.of(articles(rows))))
        .map(built -> {
          snapshot = built;
          LOG.debug("Knowledge base index: {} article(s)", built.byId().size());
          return null;
        });
  }

  /** The best articles for a question's lexemes in a language, best first. */
  List<SearchHit> search(Set<String> questionLexemes, String language, int limit) {
    LanguageIndex index = snapshot.byLanguage().get(language);
    return index == null ? List.of() : index.search(questionLexemes, limit);
  }

  /** An article by id, as a hit of full confidence. */
  public Optional<SearchHit> article(long id) {
    return Optional.ofNullable(snapshot.byId().get(id)).map(IndexedArticle::article);
  }

  /** The articles of a category in a language, in slug order, as hits of full confidence. */
  public List<SearchHit> inCategory(String language, String category, int limit) {
    LanguageIndex index = snapshot.byLanguage().get(language);
    if (index == null) {
      return List.of();
    }
    return index.articles().stream()
        .map(IndexedArticle::article)
        .filter(article -> article.category().equals(category))
        .sorted(Comparator.comparing(SearchHit::slug))
        .limit(limit)
        .toList();
  }

  public Future<Void> close() {
    return Future.all(subscriber.close(), pool.close()).mapEmpty();
  }

  private static List<IndexedArticle> articles(RowSet<Row> rows) {
    List<IndexedArticle> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      SearchHit article = new SearchHit(row.getLong("id"), row.getString("slug"), row.getString("language"),
          row.getString("title"), row.getString("body"), row.getString("category"), jsonArray(row, "quick_replies"),
          jsonArray(row, "links"), 1.0, 0.0);
      Object weights = row.getValue("weights");
      out.add(new IndexedArticle(article, Set.copyOf(Arrays.asList(row.getArrayOfStrings("lexemes"))),
          Set.copyOf(Arrays.asList(row.getArrayOfStrings("head_lexemes"))),
          rankWeights(weights instanceof JsonObject json ? json : new JsonObject())));
    }
    return out;
  }

  /** Per lexeme, the sum of its positions' weights; a position without a label is weight D. */
  private static Map<String, Double> rankWeights(JsonObject labelsByLexeme) {
    Map<String, Double> out = new HashMap<>();
    for (String lexeme : labelsByLexeme.fieldNames()) {
      double sum = 0;
      for (Object label : labelsByLexeme.getJsonArray(lexeme)) {
        sum += LABEL_WEIGHTS.getOrDefault(String.valueOf(label), LABEL_WEIGHTS.get("D"));
      }
      out.put(lexeme, sum);
    }
    return Map.copyOf(out);
  }

  private static JsonArray jsonArray(Row row, String column) {
    Object value = row.getValue(column);
    return value instanceof JsonArray array ? array : new JsonArray();
  }

  /** One consistent view of the knowledge base. */
  private record Snapshot(Map<String, LanguageIndex> byLanguage, Map<Long, IndexedArticle> byId) {
    static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of());

    static Snapshot of(List<IndexedArticle> articles) {
      Map<String, List<IndexedArticle>> grouped = new HashMap<>();
      Map<Long, IndexedArticle> byId = new HashMap<>();
      for (IndexedArticle article : articles) {
        grouped.computeIfAbsent(article.article().language(), key -> new ArrayList<>()).add(article);
        byId.put(article.id(), article);
      }
      Map<String, LanguageIndex> byLanguage = new HashMap<>();
      grouped.forEach((language, list) -> byLanguage.put(language, new LanguageIndex(list)));
      return new Snapshot(Map.copyOf(byLanguage), Map.copyOf(byId));
    }
  }
}
