package io.switchboard.kb;

import io.switchboard.agent.SuggestionSource;
import io.vertx.core.Future;

import java.util.List;

/** Knowledge-base suggestions for agents: the same search the bot uses, on the visitor's latest words. */
public final class KnowledgeBaseSuggestions implements SuggestionSource {

  /** Characters of an article body shown as the snippet. */
  private static final int SNIPPET_LENGTH = 240;
  /** Languages with a text-search configuration; others are searched as English, the most common fallback. */
  private static final java.util.Set<String> KB_LANGUAGES = java.util.Set.of("en", "es", "ru");
  private static final String FALLBACK_LANGUAGE = "en";

  private final KnowledgeBaseSearch articles;

  public KnowledgeBaseSuggestions(KnowledgeBaseSearch articles) {
    this.articles = articles;
  }

  @Override
  public Future<Result> suggest(Request request) {
    if (request.query() == null || request.query().isBlank()) {
      return Future.succeededFuture(new Result(true, "no visitor message to search with yet", List.of()));
    }
    String language = KB_LANGUAGES.contains(request.language()) ? request.language() : FALLBACK_LANGUAGE;
    return articles.search(request.query(), language, request.limit())
        .map(hits -> new Result(true, hits.isEmpty() ? "no article matches the visitor's latest message" : null,
            hits.stream()
                .map(hit -> new Suggestion(String.valueOf(hit.articleId()), hit.title(), snippet(hit.body()),
                    Math.round(hit.confidence() * 1000) / 1000.0))
                .toList()));
  }

  private static String snippet(String body) {
    if (body == null) {
      return "";
    }
    return body.length() <= SNIPPET_LENGTH ? body : body.substring(0, SNIPPET_LENGTH).trim() + "…";
  }
}
