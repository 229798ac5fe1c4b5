package io.switchboard.frustration.live;

import io.switchboard.app.Gateway;
import io.switchboard.bus.Addresses;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestNodes;
import io.switchboard.testing.VisitorClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Every visitor message is scored for frustration on arrival, stored, exposed and announced")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LiveScoringTest {

  private static Gateway node;
  private static Vertx clients;
  private static String agentToken;

  @BeforeAll
  static void start() {
    node = TestNodes.start();
    clients = Vertx.vertx();
    agentToken = Http.login(node.port(), "agent", "demo-agent-pass");
  }

  @AfterAll
  static void stop() {
    clients.close().toCompletionStage().toCompletableFuture().join();
    node.close();
  }

  private static JsonObject staffView(String conversationId) {
    Http.Response response = Http.get(node.port(), "/api/conversations/" + conversationId, agentToken);
    assertThat(response.status()).isEqualTo(200);
    return response.json();
  }

  private static JsonObject storedFrustration(JsonObject conversation, long seq) {
    JsonArray events = conversation.getJsonArray("events");
    for (int i = 0; i < events.size(); i++) {
      JsonObject event = events.getJsonObject(i);
      if (event.getLong("seq") == seq) {
        return event.getJsonObject("data").getJsonObject("frustration");
      }
    }
    throw new AssertionError("no event " + seq + " in " + conversation);
  }

  private static List<String> codes(JsonObject frustration) {
    return frustration.getJsonArray("reasons").stream().map(r -> ((JsonObject) r).getString("code")).toList();
  }

  @Test
  @DisplayName("an angry message is stored with a high score, a level, its language and true reasons")
  void angryMessageScored() {
    CompletableFuture<JsonObject> announced = new CompletableFuture<>();
    node.vertx().eventBus().<JsonObject>consumer(Addresses.FRUSTRATION_SCORED, m -> announced.complete(m.body()))
        .completion().toCompletionStage().toCompletableFuture().join();
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", "en-US"));
      long calm = visitor.say("c1", "Hi, could you tell me when you open tomorrow? Thanks").getLong("seq");
      long angry = visitor.say("c2", "THIS IS USELESS!!! Your service is terrible, I want a real person now")
          .getLong("seq");

      JsonObject conversation = staffView(hello.conversationId());
      JsonObject calmScore = storedFrustration(conversation, calm);
      JsonObject angryScore = storedFrustration(conversation, angry);
      assertThat(calmScore.getString("level")).isEqualTo("calm");
      assertThat(angryScore.getDouble("score")).isGreaterThan(calmScore.getDouble("score") + 0.3);
      assertThat(angryScore.getString("level")).isIn("frustrated", "angry");
      assertThat(angryScore.getString("language")).isEqualTo("en");
      assertThat(codes(angryScore)).contains("SHOUTING", "HUMAN_REQUESTED", "NEGATIVE_WORDS");
      assertThat(angryScore.getJsonObject("conversation").getDouble("trend")).isPositive();
      assertThat(conversation.getJsonObject("frustration").getDouble("peak"))
          .isEqualTo(angryScore.getDouble("score"), org.assertj.core.data.Offset.offset(0.001));

      JsonObject bus = announced.get(10, TimeUnit.SECONDS);
      assertThat(bus.getString("conversationId")).isEqualTo(hello.conversationId());
      assertThat(bus.getJsonObject("frustration").containsKey("reasons")).isTrue();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName("the visitor never sees their own frustration score")
  void hiddenFromVisitor() {
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      visitor.hello();
      long seq = visitor.say("x1", "this is ridiculous, nothing works!!").getLong("seq");
      JsonObject echoed = visitor.awaitEvent(seq);
      assertThat(echoed.encode()).doesNotContain("frustration").doesNotContain("score");
      Http.Response rest = Http.get(node.port(), "/api/visitor/conversations/" + echoed.getString("conversationId"),
          visitor.received().get(0).getString("token"));
      assertThat(rest.status()).isEqualTo(200);
      assertThat(rest.body()).contains("this is ridiculous").doesNotContain("frustration");
      assertThat(staffView(echoed.getString("conversationId")).encode()).contains("frustration");
    }
  }

  @Test
  @DisplayName("asking the same question again is recognised from the conversation, in Spanish too")
  void repeatedQuestion() {
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", "es-ES"));
      visitor.say("q1", "¿Dónde está mi pedido? Lo compré hace una semana");
      long again = visitor.say("q2", "¿Dónde está mi pedido? Lo compré hace una semana").getLong("seq");
      JsonObject score = storedFrustration(staffView(hello.conversationId()), again);
      assertThat(score.getString("language")).isEqualTo("es");
      assertThat(codes(score)).contains("REPEATED_QUESTION");
    }
  }

  @Test
  @DisplayName("the repeated question is recognised after a reconnect, from the stored history")
  void historySurvivesReconnect() {
    VisitorClient.Hello hello;
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      hello = visitor.hello();
      visitor.say("h1", "Где мой заказ? Жду уже неделю");
    }
    try (VisitorClient again = VisitorClient.connect(clients, node.port())) {
      VisitorClient.Hello resumed = again.hello(new JsonObject().put("token", hello.token())
          .put("conversationId", hello.conversationId()).put("lastSeq", 2));
      long seq = again.say("h2", "Где мой заказ? Жду уже неделю").getLong("seq");
      JsonObject score = storedFrustration(staffView(resumed.conversationId()), seq);
      assertThat(score.getString("language")).isEqualTo("ru");
      assertThat(codes(score)).contains("REPEATED_QUESTION");
    }
  }

  @Test
  @DisplayName("/metrics has a frustration score histogram by language")
  void histogram() {
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      visitor.hello();
      visitor.say("m1", "Hola, necesito ayuda con mi factura por favor");
    }
    String metrics = Http.get(node.port(), "/metrics", null).body();
    assertThat(metrics).containsPattern("switchboard_frustration_score_count\\{language=\"es\"[^}]*} [1-9]");
    assertThat(metrics).contains("switchboard_frustration_score_bucket");
  }
}
