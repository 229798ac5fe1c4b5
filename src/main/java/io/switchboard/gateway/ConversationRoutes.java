package io.switchboard.gateway;

import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationEvent;
import io.switchboard.persistence.ConversationRepository;
import io.switchboard.security.Role;
import io.switchboard.security.StaffAuthHandler;
import io.switchboard.security.TokenService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Read access to conversations over REST. Staff: {@code GET /api/conversations},
 * {@code GET /api/conversations/:id}. Visitors, with their visitor token as bearer:
 * {@code GET /api/visitor/conversations/:id} — only their own; anyone else's answers 404 like a missing one.
 */
public final class ConversationRoutes {

  private static final int MAX_PAGE = 500;

  private final ConversationRepository conversations;
  private final TokenService tokens;

  public ConversationRoutes(ConversationRepository conversations, TokenService tokens) {
    this.conversations = conversations;
    this.tokens = tokens;
  }

  public void mount(Router router) {
    router.get("/api/conversations")
        .handler(StaffAuthHandler.requiring(tokens, Role.AGENT))
        .handler(this::list);
    router.get("/api/conversations/:id")
        .handler(StaffAuthHandler.requiring(tokens, Role.AGENT))
        .handler(ctx -> show(ctx, Page.of(ctx), Optional.empty()));
    router.get("/api/visitor/conversations/:id").handler(this::showToVisitor);
  }

  private void list(RoutingContext ctx) {
    int limit = intParam(ctx, "limit", 50, 1, MAX_PAGE);
    int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    conversations.list(limit, offset)
        .onSuccess(list -> ctx.json(new JsonArray(list.stream().map(ConversationRoutes::toJson).toList())))
        .onFailure(ctx::fail);
  }

  private void showToVisitor(RoutingContext ctx) {
    String token = StaffAuthHandler.bearer(ctx);
    if (token == null) {
      ctx.fail(HttpErrors.error(401, "unauthorized", "send your visitor token as 'Authorization: Bearer <token>'"));
      return;
    }
    Page page = Page.of(ctx);
    tokens.verifyVisitorToken(token)
        .onSuccess(visitorId -> show(ctx, page, Optional.of(visitorId)))
        .onFailure(failure -> ctx.fail(HttpErrors.error(401, "unauthorized", "visitor token is invalid or expired")));
  }

  /** Shows a conversation and its events after {@code ?after=}; restricted to one visitor when given. */
  private void show(RoutingContext ctx, Page page, Optional<UUID> onlyVisitor) {
    UUID id = page.conversationId();
    conversations.find(id)
        .compose(found -> {
          boolean visible = found.isPresent()
              && onlyVisitor.map(visitor -> visitor.equals(found.get().visitorId())).orElse(true);
          if (!visible) {
            return Future.failedFuture(HttpErrors.error(404, "not_found", "no conversation " + id));
          }
          boolean visitorView = onlyVisitor.isPresent();
          return conversations.eventsAfter(id, page.after(), page.limit())
              .map(events -> visitorView ? forVisitor(found.get(), events) : withEvents(found.get(), events));
        })
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  /** Which conversation and which slice of its events; parsed before any asynchronous step so a 400 is prompt. */
  private record Page(UUID conversationId, long after, int limit) {
    static Page of(RoutingContext ctx) {
      return new Page(uuidParam(ctx, "id"), longParam(ctx, "after"), intParam(ctx, "limit", MAX_PAGE, 1, MAX_PAGE));
    }
  }

  /** What a visitor may see: no staff-only events, no staff-only data, no frustration of the conversation. */
  private static JsonObject forVisitor(Conversation conversation, List<ConversationEvent> events) {
    JsonObject json = toJson(conversation);
    json.remove("frustration");
    return json.put("events", new JsonArray(events.stream()
        .filter(event -> event.kind().visibleToVisitor())
        .map(ConversationEvent::toVisitorJson)
        .toList()));
  }

  private static JsonObject withEvents(Conversation conversation, List<ConversationEvent> events) {
    return toJson(conversation).put("events", new JsonArray(events.stream().map(ConversationEvent::toJson).toList()));
  }

  static JsonObject toJson(Conversation c) {
    return new JsonObject()
        .put("id", c.id().toString())
        .put("visitorId", c.visitorId().toString())
        .put("status", c.status())
        .put("language", c.language())
        .put("page", c.page())
        .put("lastSeq", c.lastSeq())
        .put("createdAt", c.createdAt().toString())
        .put("updatedAt", c.updatedAt().toString())
        .put("frustration", c.mood() == null ? null : c.mood().toJson());
  }

  private static UUID uuidParam(RoutingContext ctx, String name) {
    try {
      return UUID.fromString(ctx.pathParam(name));
    } catch (IllegalArgumentException e) {
      throw HttpErrors.error(400, "invalid_field", name + ": must be a UUID");
    }
  }

  private static long longParam(RoutingContext ctx, String name) {
    String raw = ctx.queryParams().get(name);
    try {
      long value = raw == null ? 0 : Long.parseLong(raw);
      if (value < 0) {
        throw HttpErrors.error(400, "invalid_field", name + ": must be >= 0");
      }
      return value;
    } catch (NumberFormatException e) {
      throw HttpErrors.error(400, "invalid_field", name + ": must be a whole number");
    }
  }

  private static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
    String raw = ctx.queryParams().get(name);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value < min || value > max) {
        throw HttpErrors.error(400, "invalid_field", name + ": must be between " + min + " and " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw HttpErrors.error(400, "invalid_field", name + ": must be a whole number");
    }
  }
}
