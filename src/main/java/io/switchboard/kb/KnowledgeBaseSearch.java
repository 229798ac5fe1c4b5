package io.switchboard.kb;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Searches the knowledge base: PostgreSQL stems the question with the language's text search configuration (one
 * small statement, no table read), the node's {@link KnowledgeBaseIndex} scores the articles in memory. Stemming
 * stays in PostgreSQL so questions and articles are always stemmed by the very same dictionaries.
 */
public final class KnowledgeBaseSearch {

  private static final String LEXEMES = "SELECT kb_lexemes($1, $2) AS lexemes";

  private final SqlClient client;
  private final KnowledgeBaseIndex index;

  /** @param client the caller's own pool, so the bot's statements never queue behind the API's */
  public KnowledgeBaseSearch(SqlClient client, KnowledgeBaseIndex index) {
    this.client = client;
    this.index = index;
  }

  /**
   * The best articles for a question in a language, best first, at most {@code limit}; empty when no article
   * shares a word with the question. See {@link LanguageIndex} for the confidence measure.
   */
  public Future<List<SearchHit>> search(String question, String language, int limit) {
    return client.preparedQuery(LEXEMES)
        .execute(Tuple.of(language, QueryText.withoutFiller(language, question)))
        .map(rows -> {
          String[] lexemes = rows.iterator().next().getArrayOfStrings("lexemes");
          Set<String> asked = lexemes == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(lexemes));
          return index.search(asked, language, limit);
        });
  }
}
