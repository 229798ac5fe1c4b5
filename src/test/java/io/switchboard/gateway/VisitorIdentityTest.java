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

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Visitor identity from the host page: hello.visitor is checked, merged into the visitor and handed off")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VisitorIdentityTest {

  private static Gateway node;
  private static Vertx clients;

  @BeforeAll
  static void start() {
    node = TestNodes.start();
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    clients.close().toCompletionStage().toCompletableFuture().join();
    node.close();
  }

  private static VisitorClient connect() {
    return VisitorClient.connect(clients, node.port());
  }

  private static JsonObject attributes(VisitorClient.Hello hello) {
    return new JsonObject((String) TestDatabase.column("SELECT attributes::text FROM visitors WHERE id = ?::uuid",
        hello.welcome().getString("visitorId")).get(0));
  }

  /** Asks for a person and returns the hand-off packet once the hand-off exists (queued, offered or offline). */
  private static JsonObject escalate(VisitorClient visitor, VisitorClient.Hello hello) {
    visitor.send(new JsonObject().put("type", "escalate"));
    visitor.awaitType("escalated");
    visitor.await(f -> "event".equals(f.getString("type"))
        && Set.of("queued", "offered", "offline").contains(
            f.getJsonObject("event").getJsonObject("data", new JsonObject()).getString("status")), "hand-off status");
    return new JsonObject((String) TestDatabase.column(
        "SELECT packet::text FROM handoffs WHERE conversation_id = ?::uuid", hello.conversationId()).get(0));
  }

  private static JsonObject identity(String name, String email, String externalId) {
    return new JsonObject().put("name", name).put("email", email).put("externalId", externalId);
  }

  @Test
  @DisplayName("a hello with a visitor object stores name, e-mail and external id, trimmed, and the hand-off packet "
      + "shows them as unverified")
  void storedAndHandedOff() {
    try (VisitorClient visitor = connect()) {
      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("visitor",
          identity("  Ada Lovelace ", "ada@example.com ", "cust-1815").put("plan", "ignored: not a visitor field")));

      assertThat(attributes(hello)).isEqualTo(identity("Ada Lovelace", "ada@example.com", "cust-1815"));

      JsonObject packetVisitor = escalate(visitor, hello).getJsonObject("visitor");
      assertThat(packetVisitor.getString("name")).isEqualTo("Ada Lovelace");
      assertThat(packetVisitor.getString("email")).isEqualTo("ada@example.com");
      assertThat(packetVisitor.getString("externalId")).isEqualTo("cust-1815");
      assertThat(packetVisitor.getJsonObject("identity"))
          .isEqualTo(new JsonObject().put("source", "website").put("verified", false));
    }
  }

  @Test
  @DisplayName("an anonymous visitor's packet has no identity and its attributes stay empty")
  void anonymousHasNoIdentity() {
    try (VisitorClient visitor = connect()) {
      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("visitor", identity(" ", "", null)));

      assertThat(attributes(hello)).isEqualTo(new JsonObject());
      JsonObject packetVisitor = escalate(visitor, hello).getJsonObject("visitor");
      assertThat(packetVisitor.containsKey("identity")).isFalse();
      assertThat(packetVisitor.getValue("name")).isNull();
    }
  }

  @Test
  @DisplayName("a bad visitor field gets a recoverable invalid_field naming it; nothing is created and the same "
      + "connection's corrected hello works")
  void badFieldsAreRefusedRecoverably() {
    record Case(Object visitor, String message) {
    }
    List<Case> cases = List.of(
        new Case("Ada", "field 'visitor' must be an object"),
        new Case(new JsonObject().put("name", 42), "field 'visitor.name' must be a string"),
        new Case(new JsonObject().put("name", "n".repeat(VisitorIdentity.MAX_NAME_LENGTH + 1)),
            "field 'visitor.name' is longer than " + VisitorIdentity.MAX_NAME_LENGTH + " characters"),
        new Case(new JsonObject().put("name", "Ada\u0000"), "field 'visitor.name' must not contain U+0000"),
        new Case(new JsonObject().put("name", "Ada\nLovelace"), "field 'visitor.name' must not contain control characters"),
        new Case(new JsonObject().put("email", "not-an-email"), "field 'visitor.email' is not an e-mail address"),
        new Case(new JsonObject().put("email", "<img src=x onerror=alert(1)>@x.io"),
            "field 'visitor.email' is not an e-mail address"),
        new Case(new JsonObject().put("email", "a".repeat(64) + "@" + "b".repeat(190) + ".com"),
            "field 'visitor.email' is longer than " + VisitorIdentity.MAX_EMAIL_LENGTH + " characters"),
        new Case(new JsonObject().put("email", true), "field 'visitor.email' must be a string"),
        new Case(new JsonObject().put("externalId", 7), "field 'visitor.externalId' must be a string"),
        new Case(new JsonObject().put("externalId", "x".repeat(VisitorIdentity.MAX_EXTERNAL_ID_LENGTH + 1)),
            "field 'visitor.externalId' is longer than " + VisitorIdentity.MAX_EXTERNAL_ID_LENGTH + " characters"));
    long visitorsBefore = (Long) TestDatabase.column("SELECT count(*) FROM visitors").get(0);
    try (VisitorClient visitor = connect()) {
      for (Case bad : cases) {
        visitor.send(new JsonObject().put("type", "hello").put("visitor", bad.visitor()));
        JsonObject error = visitor.awaitError("invalid_field");
        assertThat(error.getString("message")).as("error for %s", bad.visitor()).isEqualTo(bad.message());
        assertThat(error.getBoolean("recoverable")).isTrue();
      }
      assertThat(visitor.isClosed()).isFalse();
      assertThat((Long) TestDatabase.column("SELECT count(*) FROM visitors").get(0)).isEqualTo(visitorsBefore);

      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("visitor",
          identity("Grace Hopper", "grace@example.com", null)));
      assertThat(attributes(hello)).isEqualTo(new JsonObject().put("name", "Grace Hopper")
          .put("email", "grace@example.com"));
    }
  }

  @Test
  @DisplayName("a resume keeps the stored identity; a later hello overwrites the fields it gives and keeps the rest")
  void resumeKeepsAndUpdates() {
    VisitorClient.Hello first;
    try (VisitorClient visitor = connect()) {
      first = visitor.hello(new JsonObject().put("visitor", identity("Ada", "ada@example.com", "cust-1")));
    }
    try (VisitorClient resumed = connect()) {
      VisitorClient.Hello hello = resumed.hello(new JsonObject().put("token", first.token())
          .put("conversationId", first.conversationId()).put("lastSeq", first.lastSeq()));
      assertThat(hello.welcome().getString("visitorId")).isEqualTo(first.welcome().getString("visitorId"));
      assertThat(attributes(hello)).isEqualTo(identity("Ada", "ada@example.com", "cust-1"));
    }
    try (VisitorClient updated = connect()) {
      VisitorClient.Hello hello = updated.hello(new JsonObject().put("token", first.token())
          .put("visitor", new JsonObject().put("email", "ada.lovelace@example.org").put("name", "")));
      assertThat(attributes(hello)).isEqualTo(identity("Ada", "ada.lovelace@example.org", "cust-1"));
    }
  }
}
