package io.switchboard.conversation;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/** Who wrote an event: a visitor, an agent, the bot, or the system itself. */
public record Author(Kind kind, String id, String name) {

  /** The parties of a conversation. */
  public enum Kind {
    VISITOR, AGENT, BOT, SYSTEM;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Kind fromCode(String code) {
      return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public Author {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
  }

  public static Author visitor(String visitorId) {
    return new Author(Kind.VISITOR, visitorId, null);
  }

  public static Author system() {
    return new Author(Kind.SYSTEM, "system", "Switchboard");
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("kind", kind.code()).put("id", id);
    if (name != null) {
      json.put("name", name);
    }
    return json;
  }

  public static Author fromJson(JsonObject json) {
    return new Author(Kind.fromCode(json.getString("kind")), json.getString("id"), json.getString("name"));
  }
}
