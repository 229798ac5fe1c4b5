package io.switchboard.kb;

import java.util.Map;
import java.util.Set;

/**
 * An article as the in-memory index holds it: what a search hit shows, plus what scoring needs, all computed by
 * PostgreSQL's text search configuration when the article was written (see V3's {@code kb_articles_index()}).
 *
 * @param article     the article as a hit of full confidence
 * @param lexemes     every lexeme of title, tags and body
 * @param head        the lexemes of title and tags
 * @param rankWeights per lexeme, the sum of the weights of its positions in {@code search_vector} (title 1.0,
 *                    tags 0.4, body 0.2): for a query of alternatives ({@code a | b | c}) PostgreSQL's
 *                    {@code ts_rank_cd} is the sum of these over the query's lexemes, before normalisation
 */
record IndexedArticle(SearchHit article, Set<String> lexemes, Set<String> head, Map<String, Double> rankWeights) {

  long id() {
    return article.articleId();
  }
}
