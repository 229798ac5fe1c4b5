package io.switchboard.gateway;

import io.switchboard.app.Gateway;
import io.switchboard.testing.TestDatabase;
import io.switchboard.testing.TestNodes;
import io.switchboard.testing.VisitorClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Visitor protocol: acknowledgement, idempotency, resume and isolation")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VisitorProtocolTest {

  private static Gateway node;
  private static Gateway otherNode;
  private static Vertx clients;

  @BeforeAll
  static void startNodes() {
    node = TestNodes.start();
    otherNode = TestNodes.start();
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stopNodes() {
    clients.close().toCompletionStage().toCompletableFuture().join();
    otherNode.close();
    node.close();
  }

  private static VisitorClient connect() {
    return VisitorClient.connect(clients, node.port());
  }

  private static long storedCount(String conversationId, String clientId) {
    return (Long) TestDatabase.column("SELECT count(*) FROM conversation_events WHERE conversation_id = ?::uuid"
        + " AND client_id = ?", conversationId, clientId).get(0);
  }

  @Test
  @DisplayName("a first hello creates a visitor, a token and a conversation whose opening is event 1")
  void firstHelloOpensConversation() {
    try (VisitorClient visitor = connect()) {
      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", "es-ES").put("page", "/shop"));

      assertThat(hello.token()).isNotBlank();
      assertThat(hello.welcome().getString("visitorId")).isNotBlank();
      assertThat(hello.events()).hasSize(1);
      assertThat(hello.events().get(0).getLong("seq")).isEqualTo(1);
      assertThat(hello.events().get(0).getString("kind")).isEqualTo("status");
      assertThat(hello.events().get(0).getJsonObject("data").getString("status")).isEqualTo("open");
      assertThat(hello.lastSeq()).isEqualTo(1);
      assertThat(TestDatabase.column("SELECT language FROM conversations WHERE id = ?::uuid", hello.conversationId()))
          .containsExactly("es");
    }
  }

  @Test
  @DisplayName("a message is acknowledged with the next sequence number only once PostgreSQL has committed it")
  void acknowledgesOnlyAfterCommit() throws Exception {
    try (VisitorClient visitor = connect()) {
      VisitorClient.Hello hello = visitor.hello();
      String conversationId = hello.conversationId();

      try (Connection blocker = TestDatabase.get().openJdbc()) {
        blocker.setAutoCommit(false);
        try (PreparedStatement lock = blocker.prepareStatement(
            "SELECT last_seq FROM conversations WHERE id = ?::uuid FOR UPDATE")) {
          lock.setString(1, conversationId);
          lock.executeQuery();
        }
        visitor.send(new JsonObject().put("type", "message").put("clientId", "c-1").put("text", "Where is my order?"));
        // While the conversation row is locked the message cannot be committed, so no ack may arrive.
        assertThatThrownBy(() -> visitor.await(f -> "ack".equals(f.getString("type")), "ack")).isInstanceOf(
            AssertionError.class);
        blocker.commit();
      }
      JsonObject ack = visitor.awaitAck("c-1");

      assertThat(ack.getLong("seq")).isEqualTo(2);
      assertThat(ack.getBoolean("duplicate")).isFalse();
      assertThat(storedCount(conversationId, "c-1")).isEqualTo(1);
      JsonObject echoed = visitor.awaitEvent(2);
      assertThat(echoed.getString("text")).isEqualTo("Where is my order?");
      assertThat(echoed.getString("clientId")).isEqualTo("c-1");
      assertThat(echoed.getJsonObject("author").getString("kind")).isEqualTo("visitor");
    }
  }

  @Test
  @DisplayName("a retry with the same client id returns the original acknowledgement and stores nothing new")
  void retriesAreIdempotent() {
    try (VisitorClient visitor = connect()) {
      VisitorClient.Hello hello = visitor.hello();
      JsonObject first = visitor.say("same-id", "hello");
      visitor.awaitEvent(first.getLong("seq"));

      JsonObject retry = visitor.say("same-id", "hello");

      assertThat(retry.getLong("seq")).isEqualTo(first.getLong("seq"));
      assertThat(retry.getBoolean("duplicate")).isTrue();
      assertThat(first.getBoolean("duplicate")).isFalse();
      assertThat(storedCount(hello.conversationId(), "same-id")).isEqualTo(1);
      JsonObject next = visitor.say("next-id", "and another");
      assertThat(next.getLong("seq")).isEqualTo(first.getLong("seq") + 1);
    }
  }

  @Test
  @DisplayName("a retry after reconnecting to another node is still recognised as the same message")
  void retryAcrossNodesIsIdempotent() {
    VisitorClient.Hello hello;
    JsonObject first;
    try (VisitorClient visitor = connect()) {
      hello = visitor.hello();
      first = visitor.say("cross-1", "my parcel is late");
    }
    try (VisitorClient again = VisitorClient.connect(clients, otherNode.port())) {
      again.hello(new JsonObject().put("token", hello.token()).put("conversationId", hello.conversationId())
          .put("lastSeq", first.getLong("seq")));
      JsonObject retry = again.say("cross-1", "my parcel is late");
      assertThat(retry.getLong("seq")).isEqualTo(first.getLong("seq"));
      assertThat(retry.getBoolean("duplicate")).isTrue();
    }
    assertThat(storedCount(hello.conversationId(), "cross-1")).isEqualTo(1);
  }

  @Test
  @DisplayName("a client that drops mid-stream and resumes on another node gets exactly what it missed, in order")
  void resumeAfterDropOnAnotherNode() {
    VisitorClient tab = connect();
    VisitorClient.Hello hello = tab.hello();
    tab.say("m-1", "one");
    long seen = tab.awaitEvent(2).getLong("seq");
    tab.drop();
    tab.awaitClose();

    List<Long> missedSeqs = new ArrayList<>();
    try (VisitorClient otherTab = connect()) {
      otherTab.hello(new JsonObject().put("token", hello.token()).put("conversationId", hello.conversationId()));
      for (int i = 2; i <= 5; i++) {
        missedSeqs.add(otherTab.say("m-" + i, "message " + i).getLong("seq"));
      }
    }

    try (VisitorClient resumed = VisitorClient.connect(clients, otherNode.port())) {
      VisitorClient.Hello again = resumed.hello(new JsonObject().put("token", hello.token())
          .put("conversationId", hello.conversationId()).put("lastSeq", seen));
      assertThat(again.events()).extracting(e -> e.getLong("seq")).containsExactlyElementsOf(missedSeqs);
      assertThat(again.events()).extracting(e -> e.getString("text"))
          .containsExactly("message 2", "message 3", "message 4", "message 5");
      assertThat(again.lastSeq()).isEqualTo(missedSeqs.get(missedSeqs.size() - 1));
      assertThat(again.welcome().getString("conversationId")).isEqualTo(hello.conversationId());
    }
  }

  @Test
  @DisplayName("a resumed client receives nothing twice: live events after synced continue the sequence")
  void liveAfterResumeContinuesSequence() {
    try (VisitorClient first = connect()) {
      VisitorClient.Hello hello = first.hello();
      first.say("a", "one");
      first.say("b", "two");
      try (VisitorClient second = connect()) {
        VisitorClient.Hello resumed = second.hello(new JsonObject().put("token", hello.token())
            .put("conversationId", hello.conversationId()).put("lastSeq", 1));
        assertThat(resumed.events()).extracting(e -> e.getLong("seq")).containsExactly(2L, 3L);
        first.say("c", "three");
        second.awaitEvent(4);
        first.say("d", "four");
        second.awaitEvent(5);
        List<Long> seqs = second.received().stream()
            .filter(f -> "event".equals(f.getString("type")))
            .map(f -> f.getJsonObject("event").getLong("seq"))
            .toList();
        assertThat(seqs).containsExactly(2L, 3L, 4L, 5L);
      }
    }
  }

  @Test
  @DisplayName("two tabs of one visitor both see every event, whichever tab sent it")
  void twoTabsSeeEverything() {
    try (VisitorClient tabA = connect()) {
      VisitorClient.Hello hello = tabA.hello();
      try (VisitorClient tabB = connect()) {
        tabB.hello(new JsonObject().put("token", hello.token()).put("conversationId", hello.conversationId())
            .put("lastSeq", hello.lastSeq()));
        long fromA = tabA.say("from-a", "sent in tab A").getLong("seq");
        long fromB = tabB.say("from-b", "sent in tab B").getLong("seq");
        for (VisitorClient tab : List.of(tabA, tabB)) {
          assertThat(tab.awaitEvent(fromA).getString("text")).isEqualTo("sent in tab A");
          assertThat(tab.awaitEvent(fromB).getString("text")).isEqualTo("sent in tab B");
        }
      }
    }
  }

  @Test
  @DisplayName("a visitor's token never opens another visitor's conversation")
  void visitorsAreIsolated() {
    VisitorClient.Hello alice;
    try (VisitorClient a = connect()) {
      alice = a.hello();
      a.say("secret", "my card ends in 4242");
    }
    try (VisitorClient bob = connect()) {
      VisitorClient.Hello bobHello = bob.hello();
      try (VisitorClient intruder = connect()) {
        intruder.send(new JsonObject().put("type", "hello").put("token", bobHello.token())
            .put("conversationId", alice.conversationId()));
        JsonObject error = intruder.awaitError("forbidden");
        assertThat(error.getBoolean("recoverable")).isFalse();
        assertThat(intruder.awaitClose()).isEqualTo(CloseCodes.POLICY_VIOLATION);
        assertThat(intruder.received()).noneMatch(f -> "event".equals(f.getString("type")));
      }
    }
  }

  @Test
  @DisplayName("a conversation id that does not exist is refused like someone else's")
  void unknownConversationRefused() {
    try (VisitorClient visitor = connect()) {
      visitor.send(new JsonObject().put("type", "hello").put("conversationId", UUID.randomUUID().toString()));
      visitor.awaitError("forbidden");
      assertThat(visitor.awaitClose()).isEqualTo(CloseCodes.POLICY_VIOLATION);
    }
  }

  @Test
  @DisplayName("a forged or foreign token is refused and the connection closed with 1008")
  void invalidTokenRefused() {
    try (VisitorClient visitor = connect()) {
      visitor.send(new JsonObject().put("type", "hello").put("token", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."));
      visitor.awaitError("invalid_token");
      assertThat(visitor.awaitClose()).isEqualTo(CloseCodes.POLICY_VIOLATION);
    }
  }

  @Test
  @DisplayName("a reconnect without a conversation id continues the visitor's open conversation")
  void reconnectContinuesOpenConversation() {
    try (VisitorClient first = connect()) {
      VisitorClient.Hello hello = first.hello();
      first.say("x", "first words");
      try (VisitorClient second = connect()) {
        VisitorClient.Hello again = second.hello(new JsonObject().put("token", hello.token()));
        assertThat(again.conversationId()).isEqualTo(hello.conversationId());
        assertThat(again.events()).extracting(e -> e.getLong("seq")).containsExactly(1L, 2L);
      }
    }
  }

  @Test
  @DisplayName("a quick-reply payload travels with the message; feedback on an earlier event is stored and sequenced")
  void payloadAndFeedback() {
    try (VisitorClient visitor = connect()) {
      VisitorClient.Hello hello = visitor.hello();
      long seq = visitor.say("qr-1", "Shipping").getLong("seq");
      visitor.send(new JsonObject().put("type", "message").put("clientId", "qr-2").put("text", "Returns")
          .put("payload", "topic:returns"));
      long withPayload = visitor.awaitAck("qr-2").getLong("seq");
      assertThat(visitor.awaitEvent(withPayload).getJsonObject("data").getString("payload")).isEqualTo("topic:returns");

      visitor.send(new JsonObject().put("type", "feedback").put("clientId", "fb-1").put("inReplyTo", seq)
          .put("helpful", false));
      long feedbackSeq = visitor.awaitAck("fb-1").getLong("seq");
      JsonObject feedback = visitor.awaitEvent(feedbackSeq);
      assertThat(feedback.getString("kind")).isEqualTo("feedback");
      assertThat(feedback.getJsonObject("data").getLong("inReplyTo")).isEqualTo(seq);
      assertThat(feedback.getJsonObject("data").getBoolean("helpful")).isFalse();

      visitor.send(new JsonObject().put("type", "feedback").put("clientId", "fb-2").put("inReplyTo", 999)
          .put("helpful", true));
      assertThat(visitor.awaitError("invalid_field").getString("clientId")).isEqualTo("fb-2");
      visitor.send(new JsonObject().put("type", "feedback").put("clientId", "fb-3").put("inReplyTo", seq));
      visitor.awaitError("missing_field");
      assertThat(storedCount(hello.conversationId(), "fb-2")).isZero();
    }
  }

  @Test
  @DisplayName("a hello naming a conversation without a token is refused before anything is created")
  void conversationWithoutToken() {
    Object visitorsBefore = TestDatabase.column("SELECT count(*) FROM visitors").get(0);
    try (VisitorClient visitor = connect()) {
      visitor.send(new JsonObject().put("type", "hello").put("conversationId", UUID.randomUUID().toString()));
      visitor.awaitError("forbidden");
      assertThat(visitor.awaitClose()).isEqualTo(CloseCodes.POLICY_VIOLATION);
    }
    assertThat(TestDatabase.column("SELECT count(*) FROM visitors").get(0)).isEqualTo(visitorsBefore);
  }

  @Test
  @DisplayName("a survey or an offline message in an open conversation is refused, recoverably")
  void surveyNeedsClosedConversation() {
    try (VisitorClient visitor = connect()) {
      VisitorClient.Hello hello = visitor.hello();
      visitor.send(new JsonObject().put("type", "survey").put("clientId", "s-1").put("rating", 5));
      assertThat(visitor.awaitError("wrong_state").getString("message")).contains("closed");
      visitor.send(new JsonObject().put("type", "offline_message").put("clientId", "o-1").put("text", "hi")
          .put("email", "a@example.com"));
      visitor.awaitError("wrong_state");
      assertThat(storedCount(hello.conversationId(), "s-1")).isZero();
      assertThat(storedCount(hello.conversationId(), "o-1")).isZero();
      visitor.say("still-fine", "the connection is still usable");
    }
  }
}
