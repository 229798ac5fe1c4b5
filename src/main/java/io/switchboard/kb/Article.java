package io.switchboard.kb;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * A stored knowledge-base article in one language. {@code (slug, language)} is its stable external key;
 * {@code id} is what quick replies and bot events refer to; {@code version} grows with every change.
 */
public record Article(long id, String slug, String language, String title, String body, List<String> tags,
                      String category, JsonArray quickReplies, JsonArray links, int version, Instant createdAt,
                      Instant updatedAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("slug", slug)
        .put("language", language)
        .put("title", title)
        .put("body", body)
        .put("tags", new JsonArray(tags))
        .put("category", category)
        .put("quickReplies", quickReplies)
        .put("links", links)
        .put("version", version)
        .put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString());
  }
}
