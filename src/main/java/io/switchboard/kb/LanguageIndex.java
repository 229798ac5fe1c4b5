package io.switchboard.kb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The knowledge base of one language in memory, immutable once built, safe to search from any thread.
 *
 * <h2>Confidence</h2>
 * A question's lexemes (stemmed by PostgreSQL's text search configuration of the language) are looked up in the
 * vocabulary of the articles; a lexeme the vocabulary lacks is replaced by its most similar known lexeme (pg_trgm
 * similarity at least 0.4, for typos), weighted by that similarity because the correction is a guess. Every
 * lexeme gets an inverse-document-frequency weight, so "refund" counts more than "order"; lexemes the knowledge
 * base has never seen weigh like the rarest ones. Then, per article sharing at least one lexeme with the question:
 * <pre>
 *   cover      = weight of the question's lexemes found anywhere in the article / weight of all of them
 *   headCover  = the same for the article's title and tags only
 *   rank       = ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', search_vector, lexeme1 | lexeme2 | ..., 32)
 *   confidence = min(1, 0.40 cover + 0.50 headCover + 0.10 rank)
 * </pre>
 * The head weighs most because title and tags are what an author curates as "what this article is about"; words
 * found only in a body are often incidental. Because both covers are fractions of the question, the measure means
 * the same for a two-word and a twenty-word question, so one threshold works for all.
 *
 * <p>This was one SQL statement; it runs here because it cost ≈ 2 ms of PostgreSQL CPU per question, which at
 * 1,000 questions a second was the whole database's budget. The numbers are the SQL's, to the float
 * (KnowledgeBaseIndexTest runs both on the same questions).
 */
final class LanguageIndex {

  /**
   * The weight of a question word the knowledge base has never seen, relative to ln(articles + 1): 0.8 makes it
   * count about as much as a word found in a single article. Unknown words are what makes an off-topic
   * question ("weather in Madrid tomorrow") score low even when one of its words happens to be in a title.
   */
  static final double UNKNOWN_WORD_WEIGHT = 0.8;
  /** Corrections less similar than this are not made: the word stays unknown. */
  static final float MIN_CORRECTION_SIMILARITY = 0.4f;
  /** Shorter words are not corrected: too few trigrams to tell a typo from another word. */
  static final int MIN_CORRECTED_LENGTH = 4;

  private static final Comparator<Scored> BEST_FIRST = Comparator
      .comparingDouble(Scored::confidence).reversed()
      .thenComparing(Comparator.comparingDouble(Scored::rank).reversed())
      .thenComparingLong(scored -> scored.article().id());

  private final List<IndexedArticle> articles;
  private final Map<String, List<IndexedArticle>> postings = new HashMap<>();
  /** Known lexeme → its trigrams, sorted. */
  private final Map<String, String[]> trigramsOf = new HashMap<>();
  /** Trigram → the known lexemes containing it. */
  private final Map<String, List<String>> lexemesWith = new HashMap<>();

  LanguageIndex(List<IndexedArticle> articles) {
    this.articles = List.copyOf(articles);
    for (IndexedArticle article : this.articles) {
      for (String lexeme : article.lexemes()) {
        postings.computeIfAbsent(lexeme, key -> new ArrayList<>()).add(article);
      }
    }
    for (String lexeme : postings.keySet()) {
      String[] trigrams = Trigrams.of(lexeme);
      trigramsOf.put(lexeme, trigrams);
      for (String trigram : trigrams) {
        lexemesWith.computeIfAbsent(trigram, key -> new ArrayList<>()).add(lexeme);
      }
    }
  }

  List<IndexedArticle> articles() {
    return articles;
  }

  /** The best articles for a question's lexemes, best first, at most {@code limit}. */
  List<SearchHit> search(Set<String> questionLexemes, int limit) {
    double corpus = articles.size();
    List<Term> terms = new ArrayList<>(questionLexemes.size());
    for (String asked : questionLexemes) {
      terms.add(term(asked, corpus));
    }
    double questionWeight = 0;
    Set<String> known = new LinkedHashSet<>();
    for (Term term : terms) {
      questionWeight += term.weight();
      if (term.lexeme() != null) {
        known.add(term.lexeme());
      }
    }
    if (questionWeight <= 0 || known.isEmpty()) {
      return List.of();
    }
    // By identity: a record's hashCode would hash every lexeme and weight of the article.
    Set<IndexedArticle> candidates = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (String lexeme : known) {
      candidates.addAll(postings.getOrDefault(lexeme, List.of()));
    }
    List<Scored> scored = new ArrayList<>(candidates.size());
    for (IndexedArticle article : candidates) {
      scored.add(score(article, terms, known, questionWeight));
    }
    scored.sort(BEST_FIRST);
    List<SearchHit> hits = new ArrayList<>(Math.min(limit, scored.size()));
    for (Scored best : scored.subList(0, Math.min(limit, scored.size()))) {
      SearchHit base = best.article().article();
      hits.add(new SearchHit(base.articleId(), base.slug(), base.language(), base.title(), base.body(),
          base.category(), base.quickReplies(), base.links(), Math.round(best.confidence() * 10_000) / 10_000.0,
          best.rank()));
    }
    return hits;
  }

  /** A question lexeme as scored: itself, its correction, or unknown (null lexeme). */
  private Term term(String asked, double corpus) {
    List<IndexedArticle> exact = postings.get(asked);
    if (exact != null) {
      return new Term(asked, Math.log((corpus + 1) / (exact.size() + 0.5)));
    }
    if (asked.codePointCount(0, asked.length()) >= MIN_CORRECTED_LENGTH) {
      Correction near = nearest(asked);
      if (near != null) {
        double articlesWith = postings.get(near.lexeme()).size();
        return new Term(near.lexeme(), (double) near.similarity() * Math.log((corpus + 1) / (articlesWith + 0.5)));
      }
    }
    return new Term(null, UNKNOWN_WORD_WEIGHT * Math.log(corpus + 1));
  }

  /** The most similar known lexeme (then the most common one, then the first alphabetically), or null. */
  private Correction nearest(String asked) {
    String[] askedTrigrams = Trigrams.of(asked);
    Map<String, Integer> shared = new HashMap<>();
    for (String trigram : askedTrigrams) {
      for (String lexeme : lexemesWith.getOrDefault(trigram, List.of())) {
        shared.merge(lexeme, 1, Integer::sum);
      }
    }
    Correction best = null;
    for (Map.Entry<String, Integer> entry : shared.entrySet()) {
      float similarity = Trigrams.similarity(entry.getValue(), askedTrigrams.length,
          trigramsOf.get(entry.getKey()).length);
      if (similarity < MIN_CORRECTION_SIMILARITY) {
        continue;
      }
      Correction candidate = new Correction(entry.getKey(), similarity, postings.get(entry.getKey()).size());
      if (best == null || candidate.betterThan(best)) {
        best = candidate;
      }
    }
    return best;
  }

  private static Scored score(IndexedArticle article, List<Term> terms, Set<String> known, double questionWeight) {
    double anywhere = 0;
    double inHead = 0;
    for (Term term : terms) {
      if (term.lexeme() == null) {
        continue;
      }
      if (article.lexemes().contains(term.lexeme())) {
        anywhere += term.weight();
      }
      if (article.head().contains(term.lexeme())) {
        inHead += term.weight();
      }
    }
    double density = 0;
    for (String lexeme : known) {
      density += article.rankWeights().getOrDefault(lexeme, 0.0);
    }
    // ts_rank_cd's normalisation 32 (rank / (rank + 1)), returned as a PostgreSQL real.
    double rank = (float) (density / (density + 1));
    double confidence = Math.min(1.0,
        0.40 * (anywhere / questionWeight) + 0.50 * (inHead / questionWeight) + 0.10 * rank);
    return new Scored(article, confidence, rank);
  }

  /** A question lexeme's weight; {@code lexeme} is what it matches in the articles (null: nothing). */
  private record Term(String lexeme, double weight) {
  }

  private record Correction(String lexeme, float similarity, int articles) {
    boolean betterThan(Correction other) {
      if (similarity != other.similarity) {
        return similarity > other.similarity;
      }
      if (articles != other.articles) {
        return articles > other.articles;
      }
      return lexeme.compareTo(other.lexeme) < 0;
    }
  }

  private record Scored(IndexedArticle article, double confidence, double rank) {
  }
}
