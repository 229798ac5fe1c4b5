package io.switchboard.kb;

import io.switchboard.app.Gateway;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retrieval quality of the knowledge-base search on the demo content: paraphrased customer questions from
 * {@code src/test/resources/kb/retrieval-questions.json}, each with the article it should find first. Prints
 * top-1 accuracy per language and overall, the misses, and how the bot's default thresholds would treat the
 * questions. Run alone with {@code ./mvnw -q test -Dtest=RetrievalQualityTest}; set {@code KB_VERBOSE=1} to
 * see every question with its confidence.
 */
@DisplayName("Knowledge-base retrieval quality on paraphrased questions")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RetrievalQualityTest {

  private static final double REQUIRED_TOP1 = 0.85;

  private static Gateway node;
  private static String agentToken;

  @BeforeAll
  static void start() {
    node = TestNodes.start();
    agentToken = Http.login(node.port(), "agent", "demo-agent-pass");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private record Outcome(String language, String question, String expected, String found, double confidence) {
    boolean hit() {
      return expected.equals(found);
    }
  }

  @Test
  @DisplayName("top-1 accuracy is at least 85% in every language and overall")
  void topOneAccuracy() throws IOException {
    JsonArray questions = load().getJsonArray("questions");
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      JsonObject item = questions.getJsonObject(i);
      JsonArray hits = search(item.getString("q"), item.getString("lang"));
      JsonObject top = hits.isEmpty() ? null : hits.getJsonObject(0);
      outcomes.add(new Outcome(item.getString("lang"), item.getString("q"), item.getString("expect"),
          top == null ? "(nothing)" : top.getString("slug"), top == null ? 0 : top.getDouble("confidence")));
    }

    double answer = TestNodes.baseConfig().bot().answerThreshold();
    double suggest = TestNodes.baseConfig().bot().suggestThreshold();
    Map<String, double[]> perLanguage = new TreeMap<>();
    StringBuilder report = new StringBuilder("\nRetrieval quality (top-1 on " + outcomes.size() + " questions)\n");
    for (Outcome outcome : outcomes) {
      double[] counts = perLanguage.computeIfAbsent(outcome.language(), language -> new double[4]);
      counts[0]++;
      counts[1] += outcome.hit() ? 1 : 0;
      counts[2] += outcome.hit() && outcome.confidence() >= answer ? 1 : 0;
      counts[3] += outcome.confidence() >= suggest ? 1 : 0;
      if (!outcome.hit() || System.getenv("KB_VERBOSE") != null) {
        report.append(String.format("  " + (outcome.hit() ? "ok  " : "MISS") + " %s %-60s expected %-22s got %-22s %.3f%n", outcome.language(),
            outcome.question(), outcome.expected(), outcome.found(), outcome.confidence()));
      }
    }
    double total = 0;
    double correct = 0;
    for (Map.Entry<String, double[]> entry : perLanguage.entrySet()) {
      double[] c = entry.getValue();
      total += c[0];
      correct += c[1];
      report.append(String.format("  %s: top-1 %.1f%% (%d/%d); answered directly and right %.0f%%, at least "
              + "suggested %.0f%%%n", entry.getKey(), 100 * c[1] / c[0], (int) c[1], (int) c[0], 100 * c[2] / c[0],
          100 * c[3] / c[0]));
    }
    report.append(String.format("  overall: top-1 %.1f%% (%d/%d)%n", 100 * correct / total, (int) correct,
        (int) total));
    System.out.println(report);

    assertThat(total).isGreaterThanOrEqualTo(60);
    for (Map.Entry<String, double[]> entry : perLanguage.entrySet()) {
      assertThat(entry.getValue()[0]).as("questions in " + entry.getKey()).isGreaterThanOrEqualTo(20);
      assertThat(entry.getValue()[1] / entry.getValue()[0]).as("top-1 accuracy in " + entry.getKey() + report)
          .isGreaterThanOrEqualTo(REQUIRED_TOP1);
    }
    assertThat(correct / total).as("overall top-1 accuracy" + report).isGreaterThanOrEqualTo(REQUIRED_TOP1);
  }

  @Test
  @DisplayName("questions the knowledge base cannot answer are never answered, and mostly fall back")
  void unanswerableQuestionsFallBack() throws IOException {
    JsonArray questions = load().getJsonArray("unanswerable");
    double answer = TestNodes.baseConfig().bot().answerThreshold();
    double suggest = TestNodes.baseConfig().bot().suggestThreshold();
    int fellBack = 0;
    StringBuilder report = new StringBuilder("\nUnanswerable questions (must not be answered)\n");
    for (int i = 0; i < questions.size(); i++) {
      JsonObject item = questions.getJsonObject(i);
      JsonArray hits = search(item.getString("q"), item.getString("lang"));
      double confidence = hits.isEmpty() ? 0 : hits.getJsonObject(0).getDouble("confidence");
      fellBack += confidence < suggest ? 1 : 0;
      report.append(String.format("  %s %-50s %.3f %s%n", item.getString("lang"), item.getString("q"), confidence,
          confidence < suggest ? "fallback" : "did you mean"));
      assertThat(confidence).as(item.getString("q") + " → " + hits).isLessThan(answer);
    }
    report.append(String.format("  fallback on %d of %d%n", fellBack, questions.size()));
    System.out.println(report);
    // A lone shared word ("tiempo" in "¿qué tiempo hará mañana?" and in "tiempo de entrega") can still earn
    // a "did you mean"; that is a harmless outcome, a wrong answer would not be.
    assertThat(fellBack).as(report.toString()).isGreaterThanOrEqualTo(questions.size() - 2);
  }

  private static JsonArray search(String question, String language) {
    Http.Response response = Http.get(node.port(), "/api/kb/search?lang=" + language + "&limit=3&q="
        + URLEncoder.encode(question, StandardCharsets.UTF_8), agentToken);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().getJsonArray("hits");
  }

  static JsonObject load() throws IOException {
    try (InputStream in = RetrievalQualityTest.class.getClassLoader()
        .getResourceAsStream("kb/retrieval-questions.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
