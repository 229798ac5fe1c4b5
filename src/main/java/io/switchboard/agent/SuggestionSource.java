package io.switchboard.agent;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.UUID;

/**
 * Knowledge-base articles that may help an agent answer the current conversation (the agent frame
 * {@code suggest}). The knowledge base is wired in after it exists; until then {@link #notConnected()} answers
 * every request with no suggestions and says why.
 */
@FunctionalInterface
public interface SuggestionSource {

  /** What to find suggestions for: the conversation, its language and the text to search with. */
  record Request(UUID conversationId, String language, String query, int limit) {
  }

  /** One suggested article. */
  record Suggestion(String articleId, String title, String snippet, double score) {
    public JsonObject toJson() {
      return new JsonObject().put("articleId", articleId).put("title", title).put("snippet", snippet)
          .put("score", score);
    }
  }

  /** The answer: whether a knowledge base answered, a note for the agent when it did not, and the articles. */
  record Result(boolean connected, String message, List<Suggestion> suggestions) {
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("connected", connected)
          .put("suggestions", new JsonArray(suggestions.stream().map(Suggestion::toJson).toList()));
      if (message != null) {
        json.put("message", message);
      }
      return json;
    }
  }

  Future<Result> suggest(Request request);

  /** The default until a knowledge base is connected: never fails, never suggests. */
  static SuggestionSource notConnected() {
    return request -> Future.succeededFuture(new Result(false,
        "the knowledge base is not connected to this gateway: no suggestions available", List.of()));
  }
}
