package io.switchboard.conversation;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/**
 * One stored event of a conversation, numbered by the conversation's gap-free sequence. The JSON form is the
 * {@code event} frame of the visitor and agent protocols and the event-bus body.
 */
public record ConversationEvent(UUID conversationId, long seq, EventKind kind, Author author, String clientId,
                                String body, JsonObject data, Instant createdAt) {

  /** Keys of {@code data} meant for staff only: a visitor never sees how frustrated we think they are. */
  public static final java.util.Set<String> STAFF_ONLY_DATA = java.util.Set.of("frustration");

  /** The JSON a visitor receives: as {@link #toJson()} without the staff-only data. */
  public JsonObject toVisitorJson() {
    JsonObject json = toJson();
    JsonObject visible = json.getJsonObject("data");
    if (visible != null && STAFF_ONLY_DATA.stream().anyMatch(visible::containsKey)) {
      visible = visible.copy();
      STAFF_ONLY_DATA.forEach(visible::remove);
      if (visible.isEmpty()) {
        json.remove("data");
      } else {
        json.put("data", visible);
      }
    }
    return json;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("conversationId", conversationId.toString())
        .put("seq", seq)
        .put("kind", kind.code())
        .put("author", author.toJson())
        .put("at", createdAt.toString());
    if (clientId != null) {
      json.put("clientId", clientId);
    }
    if (body != null) {
      json.put("text", body);
    }
    if (data != null && !data.isEmpty()) {
      json.put("data", data);
    }
    return json;
  }

  public static ConversationEvent fromJson(JsonObject json) {
    JsonObject data = json.getJsonObject("data");
    return new ConversationEvent(
        UUID.fromString(json.getString("conversationId")),
        json.getLong("seq"),
        EventKind.fromCode(json.getString("kind")),
        Author.fromJson(json.getJsonObject("author")),
        json.getString("clientId"),
        json.getString("text"),
        data == null ? new JsonObject() : data,
        Instant.parse(json.getString("at")));
  }
}
