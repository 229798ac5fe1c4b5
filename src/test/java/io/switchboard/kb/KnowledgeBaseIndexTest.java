package io.switchboard.kb;

import io.switchboard.app.Gateway;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestDatabase;
import io.switchboard.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory index against PostgreSQL itself: the search used to be one SQL statement (kept here as the
 * reference), and the index must give the same articles in the same order with the same confidence, typo
 * corrections (pg_trgm) and cover-density rank (ts_rank_cd) included. Also: it follows changes made behind the
 * API's back, the way another node or the {@code import-kb} command makes them.
 */
@DisplayName("Knowledge-base index")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KnowledgeBaseIndexTest {

  /** The search as it was in SQL (V3), with the vocabulary computed inline instead of a materialized view. */
  private static final String REFERENCE_SEARCH = """
      WITH lexicon AS (
        SELECT lexeme, count(*)::int AS articles FROM kb_articles, unnest(lexemes) AS lexeme
         WHERE language = ? GROUP BY lexeme
      ), asked AS (
        SELECT DISTINCT unnest(kb_lexemes(?, ?)) AS lexeme
      ), known AS (
        SELECT coalesce(exact.lexeme, near.lexeme) AS lexeme, coalesce(exact.articles, near.articles, 0) AS articles,
               CASE WHEN exact.lexeme IS NOT NULL THEN 1.0 ELSE coalesce(near.similarity, 1.0) END AS certainty
          FROM asked a
          LEFT JOIN lexicon exact ON exact.lexeme = a.lexeme
          LEFT JOIN LATERAL (
            SELECT l.lexeme, l.articles, similarity(l.lexeme, a.lexeme) AS similarity FROM lexicon l
             WHERE exact.lexeme IS NULL AND length(a.lexeme) >= 4 AND similarity(l.lexeme, a.lexeme) >= 0.4
             ORDER BY similarity(l.lexeme, a.lexeme) DESC, l.articles DESC, l.lexeme
             LIMIT 1) near ON true
      ), corpus AS (
        SELECT count(*)::float8 AS n FROM kb_articles WHERE language = ?
      ), weighted AS (
        SELECT k.lexeme,
               CASE WHEN k.lexeme IS NULL THEN 0.8 * ln(c.n + 1)
                    ELSE k.certainty * ln((c.n + 1) / (k.articles + 0.5)) END AS idf
          FROM known k, corpus c
      ), question AS (
        SELECT sum(idf) AS idf,
               array_agg(DISTINCT lexeme) FILTER (WHERE lexeme IS NOT NULL) AS lexemes,
               to_tsquery('simple', string_agg(DISTINCT
                   '''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''', ' | ')) AS query
          FROM weighted
      ), scored AS (
        SELECT a.id, a.slug,
               (SELECT coalesce(sum(w.idf), 0) FROM weighted w WHERE w.lexeme = ANY (a.lexemes)) / q.idf AS cover,
               (SELECT coalesce(sum(w.idf), 0) FROM weighted w WHERE w.lexeme = ANY (a.head_lexemes)) / q.idf
                 AS head_cover,
               ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', a.search_vector, q.query, 32) AS rank
          FROM kb_articles a, question q
         WHERE a.language = ? AND q.idf > 0 AND a.lexemes && q.lexemes
      ), ranked AS (
        SELECT slug, rank, id, least(1.0, 0.40 * cover + 0.50 * head_cover + 0.10 * rank) AS confidence
          FROM scored
         ORDER BY confidence DESC, rank DESC, id
         LIMIT ?
      )
      SELECT coalesce(string_agg(slug || '=' || to_char(round(confidence::numeric, 4), 'FM0.0000'), ' '
                                 ORDER BY confidence DESC, rank DESC, id), '')
        FROM ranked
      """;

  private static Gateway node;
  private static String adminToken;

  @BeforeAll
  static void start() {
    node = TestNodes.start();
    adminToken = Http.login(node.port(), "admin", "demo-admin-pass");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("ranks every question exactly like the SQL search did, typos included")
  void sameResultsAsPostgres() throws IOException {
    JsonObject file = RetrievalQualityTest.load();
    List<String[]> asked = new ArrayList<>();
    for (String section : List.of("questions", "unanswerable")) {
      JsonArray items = file.getJsonArray(section);
      for (int i = 0; i < items.size(); i++) {
        JsonObject item = items.getJsonObject(i);
        asked.add(new String[] {item.getString("lang"), item.getString("q")});
        // The same question with its longest word misspelt: exercises the trigram correction.
        asked.add(new String[] {item.getString("lang"), misspelt(item.getString("q"))});
      }
    }
    int compared = 0;
    int nonEmpty = 0;
    for (String[] question : asked) {
      String language = question[0];
      String expected = (String) TestDatabase.column(REFERENCE_SEARCH, language, language,
          QueryText.withoutFiller(language, question[1]), language, language, 4).get(0);
      String actual = indexed(question[1], language, 4);
      assertThat(actual).as(language + ": " + question[1]).isEqualTo(expected);
      compared++;
      nonEmpty += expected.isEmpty() ? 0 : 1;
    }
    assertThat(compared).isGreaterThanOrEqualTo(140);
    assertThat(nonEmpty).as("questions with hits").isGreaterThan(compared / 2);
  }

  @Test
  @DisplayName("trigram similarity is pg_trgm's, to the float")
  void trigramSimilarityMatchesPgTrgm() {
    String[][] pairs = {
        {"deliveri", "delivri"}, {"deliveri", "deliveri"}, {"refund", "refnd"}, {"доставк", "доствк"},
        {"envio", "envío"}, {"two-person", "person"}, {"e-mail", "email"}, {"4.95", "495"}, {"a", "b"},
        {"contraseña", "contrasena"}, {"возврат", "вазврат"}, {"warranti", "waranty"}, {"", "abc"}};
    for (String[] pair : pairs) {
      double postgres = ((Number) TestDatabase.column("SELECT similarity(?, ?)", pair[0], pair[1]).get(0))
          .doubleValue();
      float ours = Trigrams.similarity(Trigrams.of(pair[0]), Trigrams.of(pair[1]));
      assertThat((double) ours).as(pair[0] + " ~ " + pair[1]).isEqualTo((double) (float) postgres);
    }
  }

  @Test
  @DisplayName("follows articles written and deleted behind the API's back (another node, import-kb, SQL)")
  void followsChangesMadeElsewhere() throws InterruptedException {
    String slug = "index-test-" + System.nanoTime();
    assertThat(indexed("zorblaxian quasicrystal polishing", "en", 3)).doesNotContain(slug);
    TestDatabase.column("INSERT INTO kb_articles (slug, language, title, body, tags, category) VALUES"
        + " (?, 'en', 'Polishing zorblaxian quasicrystals', 'Use a soft cloth.', '{quasicrystal}', 'products')"
        + " RETURNING id", slug);
    try {
      awaitSearch("zorblaxian quasicrystal polishing", slug, true);
      TestDatabase.column("UPDATE kb_articles SET title = 'Caring for moonstone lamps', tags = '{moonstone}',"
          + " body = 'Dust them weekly.' WHERE slug = ? RETURNING id", slug);
      awaitSearch("zorblaxian quasicrystal polishing", slug, false);
      awaitSearch("moonstone lamps", slug, true);
    } finally {
      TestDatabase.column("DELETE FROM kb_articles WHERE slug = ? RETURNING id", slug);
    }
    awaitSearch("moonstone lamps", slug, false);
  }

  private static void awaitSearch(String question, String slug, boolean present) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (indexed(question, "en", 3).contains(slug + "=") != present) {
      assertThat(System.nanoTime()).as("search for '" + question + "' " + (present ? "finds " : "no longer finds ")
          + slug + " within 10 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** The node's search (the in-memory index) in the reference's format: "slug=0.1234 slug=0.0567". */
  private static String indexed(String question, String language, int limit) {
    Http.Response response = Http.get(node.port(), "/api/kb/search?lang=" + language + "&limit=" + limit + "&q="
        + URLEncoder.encode(question, StandardCharsets.UTF_8), adminToken);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonArray hits = response.json().getJsonArray("hits");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < hits.size(); i++) {
      JsonObject hit = hits.getJsonObject(i);
      out.add(hit.getString("slug") + "=" + String.format(Locale.ROOT, "%.4f", hit.getDouble("confidence")));
    }
    return String.join(" ", out);
  }

  /** Drops the middle letter of the question's longest word. */
  private static String misspelt(String question) {
    String longest = "";
    for (String word : question.split("[^\\p{L}]+")) {
      longest = word.length() > longest.length() ? word : longest;
    }
    if (longest.length() < 5) {
      return question;
    }
    int middle = longest.length() / 2;
    return question.replace(longest, longest.substring(0, middle) + longest.substring(middle + 1));
  }
}
