package io.switchboard.kb;

import io.switchboard.gateway.HttpErrors;
import io.switchboard.kb.KnowledgeBaseRepository.DuplicateArticleException;
import io.switchboard.kb.KnowledgeBaseRepository.VersionConflictException;
import io.switchboard.security.Role;
import io.switchboard.security.StaffAuthHandler;
import io.switchboard.security.TokenService;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The knowledge base over REST (JSON in and out; errors {@code {"error", "message"}}):
 * <pre>
 *   GET    /api/kb/articles?lang=&amp;category=&amp;limit=&amp;offset=   agent+
 *   GET    /api/kb/articles/:id                               agent+
 *   POST   /api/kb/articles                                   admin   201, 409 if slug exists in the language
 *   PUT    /api/kb/articles/:id                               admin   409 if "version" is given and stale
 *   DELETE /api/kb/articles/:id                               admin   204
 *   POST   /api/kb/import                                     admin   JSON import document, or one Markdown article
 *   GET    /api/kb/search?q=&amp;lang=&amp;limit=                      agent+  hits with confidence
 *   GET    /api/kb/gaps?lang=&amp;from=&amp;to=&amp;limit=                    supervisor+ grouped knowledge gaps
 * </pre>
 */
public final class KnowledgeBaseRoutes {

  private static final int MAX_PAGE = 500;
  private static final int MAX_SEARCH_HITS = 20;
  private static final int MAX_QUERY_LENGTH = 1000;
  /** Gaps read per report; the report says when it was cut. */
  private static final int MAX_GAPS = 20_000;
  private static final Duration DEFAULT_GAPS_WINDOW = Duration.ofDays(30);

  private final KnowledgeBaseRepository articles;
  private final KnowledgeBaseSearch search;
  private final KnowledgeGapRepository gaps;
  private final TokenService tokens;

  public KnowledgeBaseRoutes(KnowledgeBaseRepository articles, KnowledgeBaseSearch search, KnowledgeGapRepository gaps,
                             TokenService tokens) {
    this.articles = articles;
    this.search = search;
    this.gaps = gaps;
    this.tokens = tokens;
  }

  public void mount(Router router) {
    router.get("/api/kb/articles").handler(StaffAuthHandler.requiring(tokens, Role.AGENT)).handler(this::list);
    router.get("/api/kb/articles/:id").handler(StaffAuthHandler.requiring(tokens, Role.AGENT)).handler(this::show);
    router.post("/api/kb/articles").handler(StaffAuthHandler.requiring(tokens, Role.ADMIN)).handler(this::create);
    router.put("/api/kb/articles/:id").handler(StaffAuthHandler.requiring(tokens, Role.ADMIN)).handler(this::update);
    router.delete("/api/kb/articles/:id").handler(StaffAuthHandler.requiring(tokens, Role.ADMIN))
        .handler(this::delete);
    router.post("/api/kb/import").handler(StaffAuthHandler.requiring(tokens, Role.ADMIN)).handler(this::importFile);
    router.get("/api/kb/search").handler(StaffAuthHandler.requiring(tokens, Role.AGENT)).handler(this::search);
    router.get("/api/kb/gaps").handler(StaffAuthHandler.requiring(tokens, Role.SUPERVISOR)).handler(this::gapsReport);
  }

  private void list(RoutingContext ctx) {
    String language = optionalLanguage(ctx);
    String category = ctx.request().getParam("category");
    articles.list(language, category, intParam(ctx, "limit", 100, 1, MAX_PAGE),
            intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE))
        .onSuccess(list -> ctx.json(new JsonArray(list.stream().map(Article::toJson).toList())))
        .onFailure(ctx::fail);
  }

  private void show(RoutingContext ctx) {
    long id = articleId(ctx);
    articles.find(id)
        .compose(found -> orNotFound(found, id))
        .onSuccess(article -> ctx.json(article.toJson()))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    ArticleInput input = ArticleInput.parse(jsonBody(ctx), "");
    articles.create(input)
        .recover(KnowledgeBaseRoutes::conflicts)
        .onSuccess(article -> ctx.response()
            .setStatusCode(201)
            .putHeader("Location", "/api/kb/articles/" + article.id())
            .putHeader("content-type", "application/json; charset=utf-8")
            .end(article.toJson().encode()))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    long id = articleId(ctx);
    ArticleInput input = ArticleInput.parse(jsonBody(ctx), "");
    articles.update(id, input)
        .recover(KnowledgeBaseRoutes::conflicts)
        .compose(found -> orNotFound(found, id))
        .onSuccess(article -> ctx.json(article.toJson()))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    long id = articleId(ctx);
    articles.delete(id)
        .compose(deleted -> deleted ? Future.succeededFuture()
            : Future.failedFuture(HttpErrors.error(404, "not_found", "no article " + id)))
        .onSuccess(ignored -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** JSON import document, or with {@code Content-Type: text/markdown} one Markdown article. */
  private void importFile(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw HttpErrors.error(400, "bad_request", "send an import document as the request body");
    }
    String contentType = String.valueOf(ctx.request().getHeader("content-type"));
    List<ArticleInput> inputs = contentType.startsWith("text/markdown")
        ? List.of(ArticleFiles.fromMarkdown("body", text))
        : ArticleFiles.fromJson("body", text);
    articles.upsertAll(inputs)
        .onSuccess(result -> ctx.json(result.toJson()))
        .onFailure(ctx::fail);
  }

  private void search(RoutingContext ctx) {
    String query = ctx.request().getParam("q");
    if (query == null || query.isBlank() || query.length() > MAX_QUERY_LENGTH) {
      throw HttpErrors.error(400, "bad_request", "parameter 'q' is required (1 to " + MAX_QUERY_LENGTH
          + " characters)");
    }
    String language = optionalLanguage(ctx);
    if (language == null) {
      throw HttpErrors.error(400, "bad_request", "parameter 'lang' is required: one of en, es, ru");
    }
    search.search(query, language, intParam(ctx, "limit", 5, 1, MAX_SEARCH_HITS))
        .onSuccess(hits -> ctx.json(new JsonObject()
            .put("query", query)
            .put("language", language)
            .put("hits", new JsonArray(hits.stream().map(SearchHit::toJson).toList()))))
        .onFailure(ctx::fail);
  }

  /** Knowledge gaps grouped by similarity, per language, over {@code [from, to)} (ISO-8601 instants). */
  private void gapsReport(RoutingContext ctx) {
    String language = optionalLanguage(ctx);
    Instant to = instantParam(ctx, "to", Instant.now());
    Instant from = instantParam(ctx, "from", to.minus(DEFAULT_GAPS_WINDOW));
    if (!from.isBefore(to)) {
      throw HttpErrors.error(400, "bad_request", "'from' must be before 'to'");
    }
    int limit = intParam(ctx, "limit", 50, 1, MAX_PAGE);
    gaps.gapsBetween(language, from, to, MAX_GAPS)
        .onSuccess(found -> {
          List<GapClusters.Group> groups = GapClusters.group(found);
          JsonArray out = new JsonArray();
          groups.stream().limit(limit).forEach(group -> out.add(toJson(group)));
          ctx.json(new JsonObject()
              .put("language", language)
              .put("from", from.toString())
              .put("to", to.toString())
              .put("gaps", found.size())
              .put("truncated", found.size() >= MAX_GAPS)
              .put("groups", out));
        })
        .onFailure(ctx::fail);
  }

  private static JsonObject toJson(GapClusters.Group group) {
    return new JsonObject()
        .put("language", group.language())
        .put("question", group.question())
        .put("count", group.count())
        .put("reasons", new JsonObject(new java.util.HashMap<>(group.reasons())))
        .put("examples", new JsonArray(group.examples()))
        .put("articleIds", new JsonArray(List.copyOf(group.articleIds())))
        .put("firstAt", group.firstAt().toString())
        .put("lastAt", group.lastAt().toString());
  }

  // ---- parameters ----

  private static JsonObject jsonBody(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw HttpErrors.error(400, "bad_request", "send the article as a JSON object");
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw HttpErrors.error(400, "bad_request", "the body is not a JSON object: " + e.getMessage());
    }
  }

  private static long articleId(RoutingContext ctx) {
    String raw = ctx.pathParam("id");
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw HttpErrors.error(400, "bad_request", "article id must be a number but was '" + raw + "'");
    }
  }

  private static String optionalLanguage(RoutingContext ctx) {
    String language = ctx.request().getParam("lang");
    if (language == null || language.isEmpty()) {
      return null;
    }
    if (!ArticleInput.LANGUAGES.contains(language)) {
      throw HttpErrors.error(400, "bad_request", "parameter 'lang' must be one of en, es, ru");
    }
    return language;
  }

  private static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    String raw = ctx.request().getParam(name);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw HttpErrors.error(400, "bad_request", "parameter '" + name + "' must be a number from " + min + " to " + max);
  }

  private static Instant instantParam(RoutingContext ctx, String name, Instant fallback) {
    String raw = ctx.request().getParam(name);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    try {
      return raw.length() == 10 ? Instant.parse(raw + "T00:00:00Z") : Instant.parse(raw);
    } catch (DateTimeParseException e) {
      throw HttpErrors.error(400, "bad_request", "parameter '" + name + "' must be an ISO-8601 instant such as "
          + "2025-01-31T00:00:00Z or a date such as 2025-01-31");
    }
  }

  private static <T> Future<T> orNotFound(Optional<T> found, long id) {
    return found.map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(HttpErrors.error(404, "not_found", "no article " + id)));
  }

  private static <T> Future<T> conflicts(Throwable failure) {
    if (failure instanceof DuplicateArticleException || failure instanceof VersionConflictException) {
      return Future.failedFuture(HttpErrors.error(409, "conflict", failure.getMessage()));
    }
    return Future.failedFuture(failure);
  }
}
