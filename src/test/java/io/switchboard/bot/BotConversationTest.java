package io.switchboard.bot;

import io.switchboard.app.Gateway;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestDatabase;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bot end to end over the visitor WebSocket, against the demo knowledge base on a real node and PostgreSQL:
 * the same scenario in English, Spanish and Russian, plus silence while a human owns the conversation, replay
 * on resume and automated actions against the SAMPLE order endpoint.
 */
@DisplayName("Bot over the visitor WebSocket")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BotConversationTest {

  /** Short, so the SAMPLE endpoint's slow orders (timeout + 1 s) keep the test fast. */
  private static final long ACTION_TIMEOUT_MS = 600;

  private static Gateway node;
  private static Vertx clients;
  private static String supervisorToken;
  private static int counter;

  @BeforeAll
  static void start() {
    node = TestNodes.start(tree -> tree.getJsonObject("bot").put("enabled", true)
        .put("actionTimeoutMs", ACTION_TIMEOUT_MS));
    clients = Vertx.vertx();
    supervisorToken = Http.login(node.port(), "supervisor", "demo-supervisor-pass");
  }

  @AfterAll
  static void stop() {
    clients.close().toCompletionStage().toCompletableFuture().join();
    node.close();
  }

  /** What differs between languages; the scenario is the same. */
  record Script(String locale, String greeting, String question, String answerSlug, String vagueQuestion,
                String unanswerable, String askForHuman, String handoffWords) {
    @Override
    public String toString() {
      return locale;
    }
  }

  static Stream<Script> scripts() {
    return Stream.of(
        new Script("en-GB", "virtual assistant", "can I pay with paypal", "payment-methods",
            "can I change my rug for a different one",
            "who won the football match yesterday " + UUID.randomUUID().toString().substring(0, 4),
            "I want to talk to a real person", "connecting you with a person"),
        new Script("es-ES", "asistente virtual", "se puede pagar con paypal?", "payment-methods",
            "puedo cambiar la alfombra por otro tamaño",
            "quién ganó el partido de fútbol ayer " + UUID.randomUUID().toString().substring(0, 4),
            "quiero hablar con una persona", "pasando con una persona"),
        new Script("ru-RU", "виртуальный помощник", "можно оплатить через paypal", "payment-methods",
            "можно поменять ковёр на другой размер?",
            "кто выиграл вчерашний футбольный матч " + UUID.randomUUID().toString().substring(0, 4),
            "позовите оператора, пожалуйста", "Соединяю вас с сотрудником"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  @DisplayName("greets, answers, offers choices, falls back, records feedback and gaps, and hears a request for a person")
  void fullConversation(Script script) {
    String language = script.locale().substring(0, 2);
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", script.locale()));
      String conversationId = hello.conversationId();

      // Greeting in the browser's language, with topic quick replies.
      JsonObject greeting = greeting(visitor, hello);
      assertThat(greeting.getString("text")).contains(script.greeting());
      assertThat(greeting.getJsonObject("data").getString("language")).isEqualTo(language);
      assertThat(payloads(greeting, "quickReplies")).contains("topic:shipping", "topic:returns");

      // A clear question: the best article, with "was this helpful?".
      long questionSeq = say(visitor, script.question(), null);
      JsonObject answer = awaitBotReplyTo(visitor, questionSeq);
      JsonObject answerData = answer.getJsonObject("data");
      assertThat(answerData.getString("outcome")).isEqualTo("answer");
      assertThat(slugOf(answerData.getLong("articleId"))).isEqualTo(script.answerSlug());
      assertThat(answerData.getBoolean("feedback")).isTrue();
      assertThat(answerData.getString("feedbackPrompt")).isNotBlank();
      assertThat(answerData.getDouble("confidence")).isGreaterThanOrEqualTo(0.45);

      // Helpful: stored against the article.
      feedback(visitor, answer.getLong("seq"), true);
      awaitRows("SELECT helpful FROM kb_feedback WHERE conversation_id = ?::uuid AND reply_seq = ?",
          conversationId, answer.getLong("seq"));
      assertThat(TestDatabase.column("SELECT article_id FROM kb_feedback WHERE conversation_id = ?::uuid"
          + " AND reply_seq = ? AND helpful", conversationId, answer.getLong("seq")))
          .containsExactly(answerData.getLong("articleId"));

      // A vague question: "did you mean" with 2-3 choices; picking one answers that article.
      long vagueSeq = say(visitor, script.vagueQuestion(), null);
      JsonObject suggestion = awaitBotReplyTo(visitor, vagueSeq);
      JsonObject suggestionData = suggestion.getJsonObject("data");
      assertThat(suggestionData.getString("outcome")).isEqualTo("did_you_mean");
      JsonArray choices = suggestionData.getJsonArray("choices");
      assertThat(choices.size()).isBetween(2, 3);
      JsonObject picked = choices.getJsonObject(0);
      assertThat(slugOf(picked.getLong("articleId"))).isEqualTo("exchanges");
      long pickSeq = say(visitor, picked.getString("title"), picked.getString("payload"));
      JsonObject pickedAnswer = awaitBotReplyTo(visitor, pickSeq);
      assertThat(pickedAnswer.getJsonObject("data").getString("outcome")).isEqualTo("answer");
      assertThat(pickedAnswer.getJsonObject("data").getLong("articleId")).isEqualTo(picked.getLong("articleId"));

      // Unhelpful: stored, acknowledged, and recorded as a knowledge gap with the visitor's words.
      feedback(visitor, pickedAnswer.getLong("seq"), false);
      JsonObject sorry = awaitBot(visitor, "unhelpful_acknowledged");
      assertThat(payloads(sorry, "quickReplies")).contains("handoff");
      assertThat(TestDatabase.column("SELECT helpful FROM kb_feedback WHERE conversation_id = ?::uuid"
          + " AND reply_seq = ?", conversationId, pickedAnswer.getLong("seq"))).containsExactly(false);
      assertThat(TestDatabase.column("SELECT question FROM kb_gaps WHERE conversation_id = ?::uuid"
          + " AND reason = 'unhelpful'", conversationId)).containsExactly(picked.getString("title"));

      // Something the shop cannot answer: an honest fallback, counted, and a gap.
      long unknownSeq = say(visitor, script.unanswerable(), null);
      JsonObject fallback = awaitBotReplyTo(visitor, unknownSeq);
      assertThat(fallback.getJsonObject("data").getString("outcome")).isEqualTo("fallback");
      assertThat(fallback.getJsonObject("data").getBoolean("fallback")).isTrue();
      assertThat(payloads(fallback, "quickReplies")).contains("handoff");
      awaitRows("SELECT question FROM kb_gaps WHERE conversation_id = ?::uuid AND seq = ? AND reason = 'fallback'",
          conversationId, unknownSeq);

      // The gaps report lists it, in its language.
      JsonObject report = Http.get(node.port(), "/api/kb/gaps?lang=" + language + "&limit=500", supervisorToken)
          .json();
      assertThat(report.getJsonArray("groups").stream().map(JsonObject.class::cast)
          .filter(group -> group.getJsonArray("examples").contains(script.unanswerable())))
          .singleElement()
          .satisfies(group -> assertThat(group.getString("language")).isEqualTo(language));

      // A request for a person: a status event, and an honest localized reply.
      long humanSeq = say(visitor, script.askForHuman(), null);
      JsonObject status = visitor.await(frame -> isEvent(frame) && "status".equals(event(frame).getString("kind"))
          && "handoff_requested".equals(event(frame).getJsonObject("data").getString("status")),
          "handoff_requested status").getJsonObject("event");
      assertThat(status.getJsonObject("data").getString("reason")).isEqualTo("human_requested");
      JsonObject handoff = awaitBotReplyTo(visitor, humanSeq);
      assertThat(handoff.getJsonObject("data").getString("outcome")).isEqualTo("handoff_requested");
      assertThat(handoff.getString("text")).contains(script.handoffWords());
    }
  }

  @Test
  @DisplayName("the bot stays silent while a human owns the conversation, and answers again once it is bot-owned")
  void silentWhileHumanOwns() throws Exception {
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", "en"));
      String conversationId = hello.conversationId();
      greeting(visitor, hello);

      setStatus(conversationId, "assigned");
      long ignoredSeq = say(visitor, "can I pay with paypal", null);
      // The bot decided about this message: its claim row records the status it saw.
      assertThat(awaitRows("SELECT status FROM bot_turns WHERE conversation_id = ?::uuid AND seq = ?",
          conversationId, ignoredSeq)).containsExactly("assigned");

      setStatus(conversationId, "open");
      long answeredSeq = say(visitor, "can I pay with paypal", null);
      JsonObject reply = awaitBotReplyTo(visitor, answeredSeq);
      assertThat(reply.getJsonObject("data").getString("outcome")).isEqualTo("answer");
      assertThat(reply.getLong("seq")).as("nothing was appended for the ignored message").isEqualTo(answeredSeq + 1);
      assertThat(answeredSeq).isEqualTo(ignoredSeq + 1);
      assertThat(TestDatabase.column("SELECT count(*) FROM conversation_events WHERE conversation_id = ?::uuid"
          + " AND author_kind = 'bot' AND (data ->> 'inReplyTo')::bigint = ?", conversationId, ignoredSeq))
          .containsExactly(0L);
    }
  }

  @Test
  @DisplayName("bot replies have sequence numbers and are replayed to a visitor who resumes")
  void repliesAreReplayedOnResume() {
    String token;
    String conversationId;
    long answerSeq;
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", "es"));
      token = hello.token();
      conversationId = hello.conversationId();
      greeting(visitor, hello);
      long questionSeq = say(visitor, "se puede pagar con paypal?", null);
      answerSeq = awaitBotReplyTo(visitor, questionSeq).getLong("seq");
    }
    try (VisitorClient resumed = VisitorClient.connect(clients, node.port())) {
      VisitorClient.Hello again = resumed.hello(new JsonObject().put("token", token)
          .put("conversationId", conversationId).put("lastSeq", 1));
      List<JsonObject> replayed = again.events();
      assertThat(replayed).extracting(event -> event.getLong("seq")).startsWith(2L).contains(answerSeq);
      assertThat(replayed).filteredOn(event -> "bot".equals(event.getJsonObject("author").getString("kind")))
          .extracting(event -> event.getJsonObject("data").getString("outcome"))
          .containsExactly("greeting", "answer");
    }
  }

  @Test
  @DisplayName("a second bot on the same event bus does not make the bot answer twice")
  void oneReplyPerMessageWithTwoBots() {
    String deployment = node.vertx().deployVerticle(new BotVerticle(TestNodes.config(tree -> tree
            .getJsonObject("bot").put("enabled", true)), TestDatabase.get().connectOptions(), node.knowledgeBase(),
            "http://127.0.0.1:" + node.port(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
            LanguageGuess.simple()))
        .toCompletionStage().toCompletableFuture().join();
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", "ru"));
      greeting(visitor, hello);
      long first = say(visitor, "можно оплатить через paypal", null);
      awaitBotReplyTo(visitor, first);
      long second = say(visitor, "вы работаете по субботам?", null);
      awaitBotReplyTo(visitor, second);
      assertThat(TestDatabase.column("SELECT count(*) FROM conversation_events WHERE conversation_id = ?::uuid"
          + " AND author_kind = 'bot'", hello.conversationId())).containsExactly(3L);
    } finally {
      node.vertx().undeploy(deployment).toCompletionStage().toCompletableFuture().join();
    }
  }

  @Test
  @DisplayName("the language of a conversation without a locale is detected from the first message and stored")
  void detectsLanguage() {
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      VisitorClient.Hello hello = visitor.hello();
      greeting(visitor, hello);
      long seq = say(visitor, "¿Puedo pagar con PayPal?", null);
      JsonObject reply = awaitBotReplyTo(visitor, seq);
      assertThat(reply.getJsonObject("data").getString("language")).isEqualTo("es");
      assertThat(TestDatabase.column("SELECT language FROM conversations WHERE id = ?::uuid",
          hello.conversationId())).containsExactly("es");
    }
  }

  @Test
  @DisplayName("order status: the SAMPLE endpoint's answer is rendered; not found, missing number, slow endpoint")
  void orderStatusAction() {
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", "en"));
      greeting(visitor, hello);

      JsonObject shipped = awaitBotReplyTo(visitor, say(visitor, "what's the status of order 12342?", null));
      assertThat(shipped.getJsonObject("data").getString("outcome")).isEqualTo("action");
      assertThat(shipped.getJsonObject("data").getString("intent")).isEqualTo("order_status");
      assertThat(shipped.getJsonObject("data").getJsonObject("parameters").getString("orderId")).isEqualTo("12342");
      assertThat(shipped.getString("text")).isEqualTo("Order 12342: on its way. Expected delivery in 2-3 business days.");

      JsonObject missing = awaitBotReplyTo(visitor, say(visitor, "where is my order 55510", null));
      assertThat(missing.getString("text")).contains("could not find an order with the number 55510");

      JsonObject ask = awaitBotReplyTo(visitor, say(visitor, "where is my order?", null));
      assertThat(ask.getJsonObject("data").getString("outcome")).isEqualTo("action_needs_input");

      JsonObject slow = awaitBotReplyTo(visitor, say(visitor, "status of order 70999 please", null));
      assertThat(slow.getJsonObject("data").getString("outcome")).isEqualTo("action_failed");
      assertThat(slow.getJsonObject("data").getBoolean("fallback")).isTrue();
      assertThat(slow.getString("text")).startsWith("Sorry, I couldn't look that up right now");
    }
  }

  @Test
  @DisplayName("a topic quick reply lists that topic's articles as choices")
  void topicQuickReply() {
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", "ru"));
      JsonObject greeting = greeting(visitor, hello);
      JsonObject returns = greeting.getJsonObject("data").getJsonArray("quickReplies").stream()
          .map(JsonObject.class::cast).filter(button -> "topic:returns".equals(button.getString("payload")))
          .findFirst().orElseThrow();
      JsonObject topic = awaitBotReplyTo(visitor, say(visitor, returns.getString("label"), "topic:returns"));
      assertThat(topic.getJsonObject("data").getString("outcome")).isEqualTo("topic");
      assertThat(topic.getJsonObject("data").getJsonArray("choices").stream().map(JsonObject.class::cast)
          .map(choice -> slugOf(choice.getLong("articleId"))))
          .contains("return-policy", "refunds", "exchanges", "damaged-items", "warranty");
    }
  }

  // ---- helpers ----

  private static long say(VisitorClient visitor, String text, String payload) {
    String clientId = "c" + (++counter);
    JsonObject frame = new JsonObject().put("type", "message").put("clientId", clientId).put("text", text);
    if (payload != null) {
      frame.put("payload", payload);
    }
    visitor.send(frame);
    return visitor.awaitAck(clientId).getLong("seq");
  }

  private static void feedback(VisitorClient visitor, long replySeq, boolean helpful) {
    String clientId = "f" + (++counter);
    visitor.send(new JsonObject().put("type", "feedback").put("clientId", clientId).put("inReplyTo", replySeq)
        .put("helpful", helpful));
    visitor.awaitAck(clientId);
  }

  private static boolean isEvent(JsonObject frame) {
    return "event".equals(frame.getString("type"));
  }

  private static JsonObject event(JsonObject frame) {
    return frame.getJsonObject("event");
  }

  private static boolean isBot(JsonObject frame) {
    return isEvent(frame) && "bot".equals(event(frame).getJsonObject("author").getString("kind"));
  }

  private static JsonObject awaitBot(VisitorClient visitor, String outcome) {
    return visitor.await(frame -> isBot(frame)
        && outcome.equals(event(frame).getJsonObject("data").getString("outcome")), "bot " + outcome)
        .getJsonObject("event");
  }

  /** The greeting: part of the hello replay if the bot was quicker than the replay, else still to come. */
  private static JsonObject greeting(VisitorClient visitor, VisitorClient.Hello hello) {
    return hello.events().stream()
        .filter(event -> "bot".equals(event.getJsonObject("author").getString("kind")))
        .findFirst()
        .orElseGet(() -> awaitBot(visitor, "greeting"));
  }

  private static JsonObject awaitBotReplyTo(VisitorClient visitor, long seq) {
    return visitor.await(frame -> isBot(frame)
        && event(frame).getJsonObject("data").getLong("inReplyTo") == seq, "bot reply to " + seq)
        .getJsonObject("event");
  }

  private static List<String> payloads(JsonObject botEvent, String field) {
    return botEvent.getJsonObject("data").getJsonArray(field).stream()
        .map(item -> ((JsonObject) item).getString("payload")).toList();
  }

  private static String slugOf(long articleId) {
    return (String) TestDatabase.column("SELECT slug FROM kb_articles WHERE id = ?", articleId).get(0);
  }

  private static void setStatus(String conversationId, String status) throws Exception {
    try (Connection connection = TestDatabase.get().openJdbc();
         PreparedStatement update = connection.prepareStatement(
             "UPDATE conversations SET status = ? WHERE id = ?::uuid")) {
      update.setString(1, status);
      update.setString(2, conversationId);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }

  /**
   * Waits (bounded) until a query returns rows: the bot's effects are asynchronous to the visitor's ack. Polls
   * the database like {@link VisitorClient#await} waits for frames.
   */
  private static List<Object> awaitRows(String sql, Object... params) {
    return awaitNonEmpty(() -> TestDatabase.column(sql, params), sql);
  }

  private static List<Object> awaitNonEmpty(Supplier<List<Object>> query, String what) {
    long deadline = System.nanoTime() + VisitorClient.WAIT.toNanos();
    while (true) {
      List<Object> rows = query.get();
      if (!rows.isEmpty()) {
        return rows;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no rows within " + VisitorClient.WAIT.toSeconds() + " s: " + what);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
