package io.switchboard.kb;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One search result. {@code confidence} in [0, 1] is comparable across questions (see
 * {@link LanguageIndex}); {@code rank} is PostgreSQL's cover-density rank (ts_rank_cd), used to break ties.
 */
public record SearchHit(long articleId, String slug, String language, String title, String body, String category,
                        JsonArray quickReplies, JsonArray links, double confidence, double rank) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("articleId", articleId)
        .put("slug", slug)
        .put("language", language)
        .put("title", title)
        .put("body", body)
        .put("category", category)
        .put("quickReplies", quickReplies)
        .put("links", links)
        .put("confidence", confidence)
        .put("rank", rank);
  }
}
