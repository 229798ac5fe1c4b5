package io.switchboard.agent;

import io.switchboard.bus.Addresses;
import io.switchboard.gateway.HttpErrors;
import io.switchboard.handoff.HandoffService;
import io.switchboard.security.AuthRoutes;
import io.switchboard.security.Role;
import io.switchboard.security.StaffAuthHandler;
import io.switchboard.security.TokenService;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * REST of the agent side (docs/agent-protocol.md, "REST"):
 * <ul>
 *   <li>{@code GET /api/supervisor/snapshot} (supervisor) — the wallboard;</li>
 *   <li>{@code GET|POST /api/canned}, {@code PUT|DELETE /api/canned/:id}, {@code POST /api/canned/:id/render}
 *   (agent; shared responses are changed by supervisors only);</li>
 *   <li>{@code GET /api/agents/colleagues} (agent) — the other online agents with their load: transfer targets;</li>
 *   <li>{@code GET|PUT /api/agents/:id/profile} (supervisor; agents may read their own);</li>
 *   <li>{@code GET /api/queues} (agent), {@code POST /api/queues}, {@code PUT /api/queues/:id} (supervisor).</li>
 * </ul>
 */
final class AgentRoutes {

  private static final Pattern SHORTCUT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
  private static final Pattern SKILL = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  private static final Pattern QUEUE_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final int MAX_CANNED_TEXT = 4000;
  private static final int MAX_QUERY = 200;
  private static final int MAX_NAME = 100;
  private static final int MAX_LIST = 32;
  private static final int MAX_CHATS = 50;
  private static final int MAX_WAIT_SECONDS = 86_400;
  private static final String UNIQUE_VIOLATION = "23505";

  private final TokenService tokens;
  private final AgentRepository repository;
  private final HandoffService handoffs;
  private final EventBus eventBus;

  AgentRoutes(TokenService tokens, AgentRepository repository, HandoffService handoffs, EventBus eventBus) {
    this.tokens = tokens;
    this.repository = repository;
    this.handoffs = handoffs;
    this.eventBus = eventBus;
  }

  void mount(Router router) {
    StaffAuthHandler agent = StaffAuthHandler.requiring(tokens, Role.AGENT);
    StaffAuthHandler supervisor = StaffAuthHandler.requiring(tokens, Role.SUPERVISOR);
    router.get("/api/supervisor/snapshot").handler(supervisor).handler(this::snapshot);
    router.get("/api/canned").handler(agent).handler(this::listCanned);
    router.post("/api/canned").handler(agent).handler(this::createCanned);
    router.post("/api/canned/:id/render").handler(agent).handler(this::renderCanned);
    router.put("/api/canned/:id").handler(agent).handler(this::updateCanned);
    router.delete("/api/canned/:id").handler(agent).handler(this::deleteCanned);
    router.get("/api/agents/colleagues").handler(agent).handler(this::colleagues);
    router.get("/api/agents/:id/profile").handler(agent).handler(this::showProfile);
    router.put("/api/agents/:id/profile").handler(supervisor).handler(this::saveProfile);
    router.get("/api/queues").handler(agent).handler(this::listQueues);
    router.post("/api/queues").handler(supervisor).handler(this::createQueue);
    router.put("/api/queues/:id").handler(supervisor).handler(this::updateQueue);
  }

  private void snapshot(RoutingContext ctx) {
    handoffs.supervisorSnapshot().onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** Transfer targets for any agent (the wallboard snapshot needs the supervisor role). */
  private void colleagues(RoutingContext ctx) {
    handoffs.colleaguesOf(userId(ctx)).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  // ---- canned responses ----

  private void listCanned(RoutingContext ctx) {
    String q = ctx.queryParams().get("q");
    if (q != null && q.length() > MAX_QUERY) {
      throw HttpErrors.error(400, "invalid_field", "q: at most " + MAX_QUERY + " characters");
    }
    String language = optionalLanguageParam(ctx.queryParams().get("language"));
    repository.canned(userId(ctx), q == null || q.isBlank() ? null : q.trim(), language)
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** A new canned response: personal unless {@code scope} is "shared", which needs a supervisor. */
  private void createCanned(RoutingContext ctx) {
    JsonObject body = AuthRoutes.jsonBody(ctx);
    String scope = body.getValue("scope") == null ? "personal" : stringField(body, "scope", 16);
    if (!"personal".equals(scope) && !"shared".equals(scope)) {
      throw HttpErrors.error(400, "invalid_field", "scope: must be 'personal' or 'shared'");
    }
    boolean shared = "shared".equals(scope);
    requireSupervisorFor(ctx, shared);
    CannedFields fields = CannedFields.of(body);
    UUID owner = shared ? null : userId(ctx);
    repository.insertCanned(owner, fields.shortcut(), fields.language(), fields.text())
        .onSuccess(created -> ctx.response().setStatusCode(201).putHeader("content-type", "application/json")
            .end(created.encode()))
        .onFailure(failure -> ctx.fail(conflictOr(failure, "shortcut '" + fields.shortcut() + "' is already used by "
            + (shared ? "a shared response" : "one of your responses"))));
  }

  private void updateCanned(RoutingContext ctx) {
    UUID id = uuidParam(ctx);
    JsonObject body = AuthRoutes.jsonBody(ctx);
    CannedFields fields = CannedFields.of(body);
    editable(ctx, id)
        .compose(existing -> repository.updateCanned(id, fields.shortcut(), fields.language(), fields.text()))
        .onSuccess(updated -> ctx.json(updated.orElseThrow()))
        .onFailure(failure -> ctx.fail(conflictOr(failure, "shortcut '" + fields.shortcut() + "' is already used")));
  }

  private void deleteCanned(RoutingContext ctx) {
    UUID id = uuidParam(ctx);
    editable(ctx, id)
        .compose(existing -> repository.deleteCanned(id))
        .onSuccess(deleted -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** A response the caller may change: their own, or a shared one if they supervise; 404 for others' personal. */
  private Future<JsonObject> editable(RoutingContext ctx, UUID id) {
    UUID me = userId(ctx);
    return repository.findCanned(id).compose(found -> {
      if (found.isEmpty() || !visibleTo(found.get(), me)) {
        return Future.failedFuture(HttpErrors.error(404, "not_found", "no canned response " + id));
      }
      if ("shared".equals(found.get().getString("scope")) && !isSupervisor(ctx)) {
        return Future.failedFuture(HttpErrors.error(403, "forbidden",
            "shared canned responses are changed by supervisors"));
      }
      return Future.succeededFuture(found.get());
    });
  }

  private static boolean visibleTo(JsonObject canned, UUID me) {
    return "shared".equals(canned.getString("scope")) || me.toString().equals(canned.getString("ownerId"));
  }

  /** Fills a canned response's placeholders for a conversation; missing values are listed, not invented. */
  private void renderCanned(RoutingContext ctx) {
    UUID id = uuidParam(ctx);
    JsonObject body = AuthRoutes.jsonBody(ctx);
    UUID conversationId = uuidField(body, "conversationId");
    UUID me = userId(ctx);
    JsonObject principal = StaffAuthHandler.user(ctx).principal();
    Future<Optional<JsonObject>> canned = repository.findCanned(id);
    Future<Optional<JsonObject>> facts = repository.placeholderFacts(conversationId);
    Future.all(canned, facts)
        .compose(both -> {
          if (canned.result().isEmpty() || !visibleTo(canned.result().get(), me)) {
            return Future.failedFuture(HttpErrors.error(404, "not_found", "no canned response " + id));
          }
          if (facts.result().isEmpty()) {
            return Future.failedFuture(HttpErrors.error(404, "not_found", "no conversation " + conversationId));
          }
          return mayRender(ctx, conversationId).map(ok -> {
            JsonObject conversation = facts.result().get();
            JsonObject attributes = conversation.getJsonObject("attributes");
            String agentName = principal.getString("name", principal.getString("username"));
            Map<String, String> values = new HashMap<>();
            values.put("visitor.name", attributes.getValue("name") instanceof String s ? s : null);
            values.put("visitor.email", attributes.getValue("email") instanceof String s ? s : null);
            values.put("agent.name", agentName);
            values.put("agent.firstName", agentName == null ? null : agentName.trim().split("\\s+")[0]);
            values.put("conversation.id", conversationId.toString());
            values.put("conversation.language", conversation.getString("language"));
            CannedTemplate.Rendered rendered = CannedTemplate.render(canned.result().get().getString("text"), values);
            return new JsonObject().put("id", id.toString()).put("conversationId", conversationId.toString())
                .put("text", rendered.text()).put("missing", new JsonArray(rendered.missing()));
          });
        })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** Rendering reads visitor details: the conversation's agent (or anyone supervising) only. */
  private Future<Boolean> mayRender(RoutingContext ctx, UUID conversationId) {
    if (isSupervisor(ctx)) {
      return Future.succeededFuture(true);
    }
    UUID me = userId(ctx);
    return handoffs.liveFor(conversationId).compose(live -> live.isPresent()
        && (me.equals(live.get().assignedTo()) || me.equals(live.get().offeredTo()))
        ? Future.succeededFuture(true)
        : Future.failedFuture(HttpErrors.error(403, "forbidden", "conversation " + conversationId
            + " is not assigned or offered to you")));
  }

  /** Validated fields of a canned response. */
  private record CannedFields(String shortcut, String language, String text) {
    static CannedFields of(JsonObject body) {
      String shortcut = stringField(body, "shortcut", 64).trim();
      if (!SHORTCUT.matcher(shortcut).matches()) {
        throw HttpErrors.error(400, "invalid_field",
            "shortcut: 1-32 characters of a-z, 0-9, '_' and '-', starting with a letter or digit");
      }
      String text = stringField(body, "text", MAX_CANNED_TEXT + 1);
      if (text.isBlank() || text.length() > MAX_CANNED_TEXT) {
        throw HttpErrors.error(400, "invalid_field", "text: 1-" + MAX_CANNED_TEXT + " characters, not blank");
      }
      List<String> unknown = CannedTemplate.unknownPlaceholders(text);
      if (!unknown.isEmpty()) {
        throw HttpErrors.error(400, "invalid_field", "text: unknown placeholder(s) " + unknown.stream()
            .map(name -> "{" + name + "}").toList() + "; known: " + CannedTemplate.PLACEHOLDERS.stream().sorted()
            .map(name -> "{" + name + "}").toList());
      }
      String language = body.getValue("language") == null ? null
          : optionalLanguageParam(stringField(body, "language", 8));
      return new CannedFields(shortcut, language, text);
    }
  }

  // ---- agent profiles ----

  private void showProfile(RoutingContext ctx) {
    UUID id = uuidParam(ctx);
    if (!id.equals(userId(ctx)) && !isSupervisor(ctx)) {
      throw HttpErrors.error(403, "forbidden", "requires the supervisor role to read someone else's profile");
    }
    repository.profile(id)
        .compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
            : Future.failedFuture(HttpErrors.error(404, "not_found", "no account " + id)))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void saveProfile(RoutingContext ctx) {
    UUID id = uuidParam(ctx);
    JsonObject body = AuthRoutes.jsonBody(ctx);
    List<String> languages = codes(body, "languages", LANGUAGE, "language codes such as 'en' (2-3 letters a-z)",
        true);
    List<String> skills = body.getValue("skills") == null ? List.of()
        : codes(body, "skills", SKILL, "skills of 1-32 characters a-z, 0-9, '_', '-'", false);
    int maxChats = intField(body, "maxChats", 1, MAX_CHATS);
    repository.saveProfile(id, skills, languages, maxChats)
        .compose(saved -> saved.isPresent() ? Future.succeededFuture(saved.get())
            : Future.failedFuture(HttpErrors.error(404, "not_found", "no account " + id)))
        .onSuccess(saved -> {
          // Capacity or routing changed: dispatchers look again.
          eventBus.publish(Addresses.QUEUE_CHANGED, new JsonObject());
          ctx.json(saved);
        })
        .onFailure(ctx::fail);
  }

  // ---- queues ----

  private void listQueues(RoutingContext ctx) {
    repository.queues().onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void createQueue(RoutingContext ctx) {
    JsonObject body = AuthRoutes.jsonBody(ctx);
    String id = stringField(body, "id", 64);
    if (!QUEUE_ID.matcher(id).matches()) {
      throw HttpErrors.error(400, "invalid_field", "id: 1-64 characters of a-z, 0-9, '_' and '-'");
    }
    QueueFields fields = QueueFields.of(body);
    repository.insertQueue(id, fields.name(), fields.languages(), fields.skills(), fields.maxWaitSeconds())
        .compose(created -> created ? repository.queues()
            : Future.failedFuture(HttpErrors.error(409, "conflict", "queue '" + id + "' exists")))
        .onSuccess(queues -> ctx.response().setStatusCode(201).putHeader("content-type", "application/json")
            .end(find(queues, id).encode()))
        .onFailure(ctx::fail);
  }

  private void updateQueue(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    QueueFields fields = QueueFields.of(AuthRoutes.jsonBody(ctx));
    repository.updateQueue(id, fields.name(), fields.languages(), fields.skills(), fields.maxWaitSeconds())
        .compose(updated -> updated ? repository.queues()
            : Future.failedFuture(HttpErrors.error(404, "not_found", "no queue '" + id + "'")))
        .onSuccess(queues -> {
          eventBus.publish(Addresses.QUEUE_CHANGED, new JsonObject());
          ctx.json(find(queues, id));
        })
        .onFailure(ctx::fail);
  }

  private static JsonObject find(JsonArray queues, String id) {
    for (Object queue : queues) {
      if (id.equals(((JsonObject) queue).getString("id"))) {
        return (JsonObject) queue;
      }
    }
    throw new IllegalStateException("queue " + id + " vanished");
  }

  /** Validated fields of a queue. */
  private record QueueFields(String name, List<String> languages, List<String> skills, int maxWaitSeconds) {
    static QueueFields of(JsonObject body) {
      String name = stringField(body, "name", MAX_NAME + 1).trim();
      if (name.isEmpty() || name.length() > MAX_NAME) {
        throw HttpErrors.error(400, "invalid_field", "name: 1-" + MAX_NAME + " characters");
      }
      List<String> languages = codes(body, "languages", LANGUAGE, "language codes such as 'en' (2-3 letters a-z)",
          true);
      List<String> skills = body.getValue("skills") == null ? List.of()
          : codes(body, "skills", SKILL, "skills of 1-32 characters a-z, 0-9, '_', '-'", false);
      int maxWait = body.getValue("maxWaitSeconds") == null ? 900
          : intField(body, "maxWaitSeconds", 1, MAX_WAIT_SECONDS);
      return new QueueFields(name, languages, skills, maxWait);
    }
  }

  // ---- field checks: every 400 names the field and the rule ----

  private static String stringField(JsonObject body, String field, int maxLength) {
    Object value = body.getValue(field);
    if (!(value instanceof String s)) {
      throw HttpErrors.error(400, value == null ? "missing_field" : "invalid_field", field + ": a string is required");
    }
    if (s.length() > maxLength) {
      throw HttpErrors.error(400, "invalid_field", field + ": at most " + maxLength + " characters");
    }
    return s;
  }

  private static int intField(JsonObject body, String field, int min, int max) {
    Object value = body.getValue(field);
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
        || n.longValue() < min || n.longValue() > max) {
      throw HttpErrors.error(400, value == null ? "missing_field" : "invalid_field",
          field + ": a whole number from " + min + " to " + max + " is required");
    }
    return n.intValue();
  }

  private static List<String> codes(JsonObject body, String field, Pattern rule, String what, boolean required) {
    Object value = body.getValue(field);
    if (!(value instanceof JsonArray array)) {
      throw HttpErrors.error(400, value == null ? "missing_field" : "invalid_field", field + ": an array of " + what
          + " is required");
    }
    if ((required && array.isEmpty()) || array.size() > MAX_LIST) {
      throw HttpErrors.error(400, "invalid_field", field + ": " + (required ? "1" : "0") + "-" + MAX_LIST
          + " entries");
    }
    List<String> out = new ArrayList<>();
    for (Object entry : array) {
      if (!(entry instanceof String s) || !rule.matcher(s).matches()) {
        throw HttpErrors.error(400, "invalid_field", field + ": '" + entry + "' is not valid; expected " + what);
      }
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  private static String optionalLanguageParam(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    if (!LANGUAGE.matcher(raw).matches()) {
      throw HttpErrors.error(400, "invalid_field", "language: a code such as 'en' (2-3 letters a-z)");
    }
    return raw;
  }

  private static UUID uuidField(JsonObject body, String field) {
    String raw = stringField(body, field, 64);
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw HttpErrors.error(400, "invalid_field", field + ": must be a UUID");
    }
  }

  private static UUID uuidParam(RoutingContext ctx) {
    try {
      return UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw HttpErrors.error(400, "invalid_field", "id: must be a UUID");
    }
  }

  private static UUID userId(RoutingContext ctx) {
    return UUID.fromString(StaffAuthHandler.user(ctx).principal().getString("sub"));
  }

  private static boolean isSupervisor(RoutingContext ctx) {
    User user = StaffAuthHandler.user(ctx);
    return TokenService.hasRole(user, Role.SUPERVISOR);
  }

  private static void requireSupervisorFor(RoutingContext ctx, boolean shared) {
    if (shared && !isSupervisor(ctx)) {
      throw HttpErrors.error(403, "forbidden", "shared canned responses are created by supervisors");
    }
  }

  private static Throwable conflictOr(Throwable failure, String conflict) {
    if (failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
      return HttpErrors.error(409, "conflict", conflict);
    }
    return failure;
  }
}
