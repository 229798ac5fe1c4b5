package io.switchboard.conversation;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * An event about to be appended to a conversation. {@code clientId} is the sender's idempotency key; server-made
 * events have none.
 */
public record NewEvent(EventKind kind, Author author, String clientId, String body, JsonObject data) {

  public NewEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(author, "author");
    data = data == null ? new JsonObject() : data;
  }

  public static NewEvent message(Author author, String clientId, String body) {
    return new NewEvent(EventKind.MESSAGE, author, clientId, body, null);
  }

  public static NewEvent status(String status, JsonObject details) {
    JsonObject data = details == null ? new JsonObject() : details.copy();
    return new NewEvent(EventKind.STATUS, Author.system(), null, null, data.put("status", status));
  }
}
