package io.switchboard.handoff;

import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationEvent;
import io.switchboard.conversation.EventKind;
import io.switchboard.persistence.ConversationRepository;
import io.switchboard.persistence.NoSuchConversationException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The context an agent needs at offer time, built once at escalation from what PostgreSQL holds: why, the
 * transcript, the frustration timeline with reasons and trend, language, what the bot tried (answers, articles
 * offered, fallbacks, feedback), and the visitor (locale, page, attributes, earlier conversations). Name, e-mail
 * and external id come from the host page's {@code hello} and are marked {@code identity.verified = false}.
 */
final class PacketBuilder {

  /** Events read for the packet; older history stays one click away in the conversation view. */
  private static final int TRANSCRIPT_EVENTS = 200;

  private final Pool pool;
  private final ConversationRepository conversations;

  PacketBuilder(Pool pool, ConversationRepository conversations) {
    this.pool = pool;
    this.conversations = conversations;
  }

  Future<JsonObject> build(UUID conversationId, String reason) {
    return conversations.find(conversationId)
        .compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
            : Future.failedFuture(new NoSuchConversationException(conversationId)))
        .compose(conversation -> conversations.recentEvents(conversationId, Long.MAX_VALUE, TRANSCRIPT_EVENTS)
            .compose(events -> visitor(conversation)
                .map(visitor -> assemble(conversation, events, visitor, reason))));
  }

  private Future<JsonObject> visitor(Conversation conversation) {
    return pool.preparedQuery("SELECT locale, attributes FROM visitors WHERE id = $1")
        .execute(Tuple.of(conversation.visitorId()))
        .compose(rows -> conversations.countOtherConversations(conversation.visitorId(), conversation.id())
            .map(previous -> {
              JsonObject visitor = new JsonObject()
                  .put("id", conversation.visitorId().toString())
                  .put("page", conversation.page())
                  .put("returning", new JsonObject().put("previousConversations", previous));
              if (rows.size() > 0) {
                var row = rows.iterator().next();
                JsonObject attributes = row.getJsonObject("attributes");
                visitor.put("locale", row.getString("locale"))
                    .put("attributes", attributes)
                    .put("name", attributes == null ? null : attributes.getString("name"))
                    .put("email", attributes == null ? null : attributes.getString("email"))
                    .put("externalId", attributes == null ? null : attributes.getString("externalId"));
                if (visitor.getValue("name") != null || visitor.getValue("email") != null
                    || visitor.getValue("externalId") != null) {
                  // The host page's hello says who the visitor is; nobody checked it, and agents must know that.
                  visitor.put("identity", new JsonObject().put("source", "website").put("verified", false));
                }
              }
              return visitor;
            }));
  }

  private static JsonObject assemble(Conversation conversation, List<ConversationEvent> events, JsonObject visitor,
                                     String reason) {
    JsonArray transcript = new JsonArray();
    JsonArray timeline = new JsonArray();
    Set<String> articlesOffered = new LinkedHashSet<>();
    JsonArray answers = new JsonArray();
    JsonArray feedback = new JsonArray();
    int fallbacks = 0;
    String language = conversation.language();
    String summary = null;
    for (ConversationEvent event : events) {
      JsonObject data = event.data();
      if (event.kind() == EventKind.MESSAGE) {
        transcript.add(new JsonObject().put("seq", event.seq()).put("author", event.author().toJson())
            .put("text", event.body()).put("at", event.createdAt().toString()));
      }
      if (event.kind() == EventKind.MESSAGE && event.author().kind() == Author.Kind.VISITOR) {
        summary = event.body();
        JsonObject score = data.getJsonObject("frustration");
        if (score != null) {
          timeline.add(new JsonObject().put("seq", event.seq()).put("at", event.createdAt().toString())
              .put("score", score.getValue("score")).put("level", score.getValue("level"))
              .put("reasons", score.getJsonArray("reasons")));
          if (language == null && Boolean.TRUE.equals(score.getBoolean("languageSupported"))) {
            language = score.getString("language");
          }
        }
      }
      if (event.kind() == EventKind.MESSAGE && event.author().kind() == Author.Kind.BOT) {
        String outcome = data.getString("outcome");
        if ("fallback".equals(outcome) || "action_failed".equals(outcome)) {
          fallbacks++;
        }
        if (data.getValue("articleId") != null) {
          articlesOffered.add(String.valueOf(data.getValue("articleId")));
        }
        JsonArray choices = data.getJsonArray("choices");
        if (choices != null) {
          choices.forEach(choice -> articlesOffered.add(String.valueOf(((JsonObject) choice).getValue("articleId"))));
        }
        answers.add(new JsonObject().put("seq", event.seq()).put("outcome", outcome)
            .put("articleId", data.getValue("articleId")).put("text", event.body()));
      }
      if (event.kind() == EventKind.FEEDBACK) {
        feedback.add(new JsonObject().put("inReplyTo", data.getValue("inReplyTo"))
            .put("helpful", data.getValue("helpful")));
      }
    }
    JsonObject current = new JsonObject()
        .put("current", conversation.mood() == null ? 0.0 : conversation.mood().level())
        .put("peak", conversation.mood() == null ? 0.0 : conversation.mood().peak())
        .put("trend", conversation.mood() == null ? 0.0 : conversation.mood().trend())
        .put("timeline", timeline);
    return new JsonObject()
        .put("conversationId", conversation.id().toString())
        .put("reason", reason)
        .put("language", language == null ? "en" : language)
        .put("summary", summary)
        .put("escalatedAt", Instant.now().toString())
        .put("conversationStartedAt", conversation.createdAt().toString())
        .put("transcript", transcript)
        .put("frustration", current)
        .put("bot", new JsonObject().put("answers", answers).put("articlesOffered", new JsonArray(List.copyOf(articlesOffered)))
            .put("fallbacks", fallbacks).put("feedback", feedback))
        .put("visitor", visitor);
  }
}
