package io.switchboard.agent;

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

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Agent protocol on one node: handshake, offer, accept, chat, notes, typing, close and wrap-up")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentProtocolTest {

  private static Gateway node;
  private static Vertx clients;
  private static String admin;

  @BeforeAll
  static void startNode() {
    node = TestNodes.start(tree -> tree.getJsonObject("handoff").put("dispatchIntervalMs", 100)
        .put("offerTimeoutMs", 10_000));
    clients = Vertx.vertx();
    admin = AgentTestSupport.adminToken(node.port());
  }

  @AfterAll
  static void stopNode() {
    clients.close().toCompletionStage().toCompletableFuture().join();
    node.close();
  }

  // ---- handshake ----

  @Test
  @DisplayName("no token, a bad token or a visitor token get 401 JSON before any upgrade; a plain GET gets 400")
  void handshakeRefusals() throws Exception {
    AgentTestSupport.Response none = AgentTestSupport.rawUpgrade(node.port(), "/ws/agent", "");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().getString("error")).isEqualTo("unauthorized");

    AgentTestSupport.Response bad = AgentTestSupport.rawUpgrade(node.port(), "/ws/agent?token=not.a.jwt", "");
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.json().getString("message")).contains("invalid or expired");

    String visitorToken;
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      visitorToken = visitor.hello().token();
    }
    AgentTestSupport.Response asVisitor = AgentTestSupport.rawUpgrade(node.port(), "/ws/agent?token=" + visitorToken,
        "");
    assertThat(asVisitor.status()).isEqualTo(401);
    AgentTestSupport.Response visitorSubprotocol = AgentTestSupport.rawUpgrade(node.port(), "/ws/agent",
        "Sec-WebSocket-Protocol: switchboard.agent.v1, bearer." + visitorToken + "\r\n");
    assertThat(visitorSubprotocol.status()).isEqualTo(401);

    assertThat(AgentTestSupport.get(node.port(), "/ws/agent", null).status()).isEqualTo(400);
  }

  @Test
  @DisplayName("an agent token in the query or as a bearer subprotocol opens the socket and hello gets a welcome")
  void agentTokenGetsWelcome() {
    AgentTestSupport.Staff agent = AgentTestSupport.agent(node.port(), admin, "Wendy Welcome", List.of("qw"), 2);
    try (AgentClient viaQuery = AgentClient.connect(clients, node.port(), agent.token())) {
      JsonObject welcome = viaQuery.hello(null);
      assertThat(welcome.getJsonObject("agent").getString("id")).isEqualTo(agent.id());
      assertThat(welcome.getJsonObject("agent").getString("name")).isEqualTo("Wendy Welcome");
      assertThat(welcome.getBoolean("available")).isFalse();
      assertThat(welcome.getJsonArray("queue")).isNotNull();
      assertThat(welcome.getJsonArray("owned")).isEmpty();
    }
    try (AgentClient viaSubprotocol = AgentClient.connectWithSubprotocol(clients, node.port(), agent.token())) {
      assertThat(viaSubprotocol.subProtocol()).isEqualTo("switchboard.agent.v1");
      assertThat(viaSubprotocol.hello(null).getJsonObject("agent").getString("id")).isEqualTo(agent.id());
      viaSubprotocol.send(new JsonObject().put("type", "message").put("clientId", "x").put("conversationId", "nope")
          .put("text", "hi"));
      assertThat(viaSubprotocol.awaitError("invalid_field").getBoolean("recoverable")).isTrue();
    }
  }

  @Test
  @DisplayName("a refreshed token opens the socket, and reauth with it extends a socket opened with the old token")
  void refreshedTokenOpensAndExtendsSocket() {
    AgentTestSupport.Staff agent = AgentTestSupport.agent(node.port(), admin, "Ray Refresh", List.of("qr"), 2);
    AgentTestSupport.Response refresh = AgentTestSupport.post(node.port(), "/api/auth/refresh", agent.token(), "");
    assertThat(refresh.status()).as(refresh.body()).isEqualTo(200);
    String fresh = refresh.json().getString("token");

    try (AgentClient viaFresh = AgentClient.connectWithSubprotocol(clients, node.port(), fresh)) {
      assertThat(viaFresh.hello(null).getJsonObject("agent").getString("id")).isEqualTo(agent.id());
    }
    try (AgentClient viaOld = AgentClient.connect(clients, node.port(), agent.token())) {
      String firstExpiry = viaOld.hello(null).getString("tokenExpiresAt");
      viaOld.send(new JsonObject().put("type", "reauth").put("token", fresh).put("id", "r1"));
      JsonObject done = viaOld.awaitDone("reauth");
      assertThat(done.getString("id")).isEqualTo("r1");
      assertThat(Instant.parse(done.getString("tokenExpiresAt")))
          .isAfterOrEqualTo(Instant.parse(firstExpiry));
      assertThat(viaOld.available(true).getBoolean("available")).isTrue();
    }
  }

  // ---- end to end ----

  @Test
  @DisplayName("visitor asks for a person → offer with packet → accept → chat both ways, note stays internal → close")
  void endToEndOnOneNode() {
    AgentTestSupport.Staff staff = AgentTestSupport.agent(node.port(), admin, "Alex Agent", List.of("qa"), 3);
    try (AgentClient agent = AgentClient.connect(clients, node.port(), staff.token());
         VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      agent.hello(null);
      agent.available(true);

      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", "qa-QA").put("page", "/orders"));
      String conversationId = hello.conversationId();
      visitor.say("v-1", "Where is my parcel? It should have arrived yesterday.");
      visitor.send(new JsonObject().put("type", "escalate"));
      visitor.awaitType("escalated");

      JsonObject offer = agent.awaitOffer(conversationId);
      JsonObject packet = offer.getJsonObject("packet");
      assertThat(offer.getString("expiresAt")).isNotBlank();
      assertThat(packet.getString("language")).isEqualTo("qa");
      assertThat(packet.getString("reason")).isEqualTo("visitor_choice");
      assertThat(packet.getJsonArray("transcript").stream().map(t -> ((JsonObject) t).getString("text")))
          .contains("Where is my parcel? It should have arrived yesterday.");
      JsonArray timeline = packet.getJsonObject("frustration").getJsonArray("timeline");
      assertThat(timeline).hasSize(1);
      assertThat(timeline.getJsonObject(0).getJsonArray("reasons")).isNotNull();
      assertThat(packet.getJsonObject("visitor").getString("id")).isEqualTo(hello.welcome().getString("visitorId"));
      assertThat(packet.getJsonObject("visitor").getString("page")).isEqualTo("/orders");

      String handoffId = offer.getJsonObject("handoff").getString("id");
      agent.send(new JsonObject().put("type", "accept").put("handoffId", handoffId).put("id", "req-1"));
      assertThat(agent.awaitDone("accept").getString("id")).isEqualTo("req-1");
      agent.awaitSynced(conversationId);
      // The replay is the full staff view: the visitor's message carries its frustration score.
      JsonObject replayed = agent.awaitEvent(e -> "Where is my parcel? It should have arrived yesterday.".equals(e.getString("text")),
          "replayed visitor message");
      assertThat(replayed.getJsonObject("data").getJsonObject("frustration")).isNotNull();

      JsonObject assigned = visitor.await(f -> "event".equals(f.getString("type"))
          && "assigned".equals(f.getJsonObject("event").getJsonObject("data", new JsonObject()).getString("status")),
          "assigned status").getJsonObject("event");
      assertThat(assigned.getJsonObject("data").getJsonObject("agent").getString("name")).isEqualTo("Alex Agent");

      JsonObject ack = sendAgent(agent, "message", conversationId, "a-1", "Hi, I am Alex. Let me check your parcel.");
      assertThat(ack.getBoolean("duplicate")).isFalse();
      JsonObject seen = visitor.awaitEvent(ack.getLong("seq"));
      assertThat(seen.getString("text")).isEqualTo("Hi, I am Alex. Let me check your parcel.");
      assertThat(seen.getJsonObject("author").getString("kind")).isEqualTo("agent");
      assertThat(seen.getJsonObject("author").getString("name")).isEqualTo("Alex Agent");
      JsonObject retry = sendAgent(agent, "message", conversationId, "a-1", "Hi, I am Alex. Let me check your parcel.");
      assertThat(retry.getLong("seq")).isEqualTo(ack.getLong("seq"));
      assertThat(retry.getBoolean("duplicate")).isTrue();

      long visitorSeq = visitor.say("v-2", "thanks, it is order 1234").getLong("seq");
      JsonObject fromVisitor = agent.awaitEvent(conversationId, visitorSeq);
      assertThat(fromVisitor.getString("text")).isEqualTo("thanks, it is order 1234");
      assertThat(fromVisitor.getJsonObject("data").getJsonObject("frustration").getDouble("score")).isNotNull();
      JsonObject live = agent.await(f -> "frustration".equals(f.getString("type"))
          && f.getLong("seq") == visitorSeq, "live frustration frame");
      assertThat(live.getJsonObject("frustration").getJsonObject("conversation")).isNotNull();

      visitor.send(new JsonObject().put("type", "typing").put("state", true));
      JsonObject visitorTyping = agent.awaitType("typing");
      assertThat(visitorTyping.getJsonObject("author").getString("kind")).isEqualTo("visitor");
      agent.send(new JsonObject().put("type", "typing").put("conversationId", conversationId).put("state", true));
      assertThat(visitor.awaitType("typing").getJsonObject("author").getString("name")).isEqualTo("Alex Agent");

      JsonObject note = sendAgent(agent, "note", conversationId, "n-1", "internal: VIP customer, refund if needed");
      JsonObject noteEvent = agent.awaitEvent(conversationId, note.getLong("seq"));
      assertThat(noteEvent.getString("kind")).isEqualTo("note");
      long after = sendAgent(agent, "message", conversationId, "a-2", "Found it: it arrives tomorrow.").getLong("seq");
      visitor.awaitEvent(after);
      assertThat(visitor.received()).noneMatch(f -> "event".equals(f.getString("type"))
          && (f.getJsonObject("event").getLong("seq") == note.getLong("seq")
          || "note".equals(f.getJsonObject("event").getString("kind"))));

      agent.send(new JsonObject().put("type", "close").put("conversationId", conversationId)
          .put("resolution", "fixed-it"));
      assertThat(agent.awaitError("invalid_field").getString("message")).contains("resolved, no_response");
      agent.send(new JsonObject().put("type", "close").put("conversationId", conversationId)
          .put("resolution", "resolved"));
      agent.awaitDone("close");
      JsonObject closed = visitor.await(f -> "event".equals(f.getString("type"))
          && "closed".equals(f.getJsonObject("event").getJsonObject("data", new JsonObject()).getString("status")),
          "closed status").getJsonObject("event");
      assertThat(closed.getJsonObject("data").getString("resolution")).isEqualTo("resolved");
      agent.awaitEvent(conversationId, closed.getLong("seq"));

      // After close the agent may still note (wrap-up) but no longer message the visitor.
      agent.send(new JsonObject().put("type", "message").put("clientId", "a-3").put("conversationId", conversationId)
          .put("text", "one more thing"));
      agent.awaitError("not_owner");
      sendAgent(agent, "note", conversationId, "n-2", "wrap-up: parcel delayed by carrier");
      agent.send(new JsonObject().put("type", "finish"));
      assertThat(agent.awaitDone("finish").getInteger("finished")).isEqualTo(1);

      assertThat(TestDatabase.column("SELECT state FROM handoffs WHERE conversation_id = ?::uuid", conversationId))
          .containsExactly("closed");
      assertThat(TestDatabase.column("SELECT resolution FROM handoffs WHERE conversation_id = ?::uuid",
          conversationId)).containsExactly("resolved");
      assertThat(TestDatabase.column("SELECT count(*) FROM conversation_events WHERE conversation_id = ?::uuid"
          + " AND author_kind = 'bot'", conversationId)).containsExactly(0L);
      assertThat(TestDatabase.column("SELECT count(*) FROM conversation_events WHERE conversation_id = ?::uuid"
          + " AND data->>'status' = 'assigned'", conversationId)).containsExactly(1L);
      // Every event reached the agent exactly once and in order.
      List<Long> seqs = agent.eventsOf(conversationId).stream().map(e -> e.getLong("seq")).toList();
      long last = (Long) TestDatabase.column("SELECT last_seq FROM conversations WHERE id = ?::uuid",
          conversationId).get(0);
      assertThat(seqs).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, last).boxed().toList());
    }
  }

  // ---- transfer and suggestions ----

  @Test
  @DisplayName("transfer to a colleague (listed with their load, for any agent) and back to a queue; suggestions"
      + " from the knowledge base")
  void transferAndSuggestions() {
    AgentTestSupport.Staff from = AgentTestSupport.agent(node.port(), admin, "Tom Transfer", List.of("qt"), 3);
    AgentTestSupport.Staff to = AgentTestSupport.agent(node.port(), admin, "Una Upstairs", List.of("qt"), 3);
    AgentTestSupport.Staff absent = AgentTestSupport.agent(node.port(), admin, "Olga Offline", List.of("qt"), 3);
    try (AgentClient tom = AgentClient.connect(clients, node.port(), from.token());
         AgentClient una = AgentClient.connect(clients, node.port(), to.token());
         VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      tom.hello(null);
      una.hello(null);
      tom.available(true);
      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", "qt"));
      String conversationId = hello.conversationId();
      escalateAndAccept(visitor, conversationId, "my refund never arrived", tom);

      tom.send(new JsonObject().put("type", "suggest").put("conversationId", conversationId).put("id", 9));
      JsonObject suggestions = tom.awaitType("suggestions");
      assertThat(suggestions.getBoolean("connected")).isTrue();
      assertThat(suggestions.getJsonArray("suggestions").stream().map(a -> ((JsonObject) a).getString("title")))
          .as("the demo knowledge base suggests its refund article").anyMatch(title -> title.toLowerCase().contains("refund"));
      assertThat(suggestions.getString("query")).isEqualTo("my refund never arrived");
      assertThat(suggestions.getInteger("id")).isEqualTo(9);
      una.send(new JsonObject().put("type", "suggest").put("conversationId", conversationId));
      una.awaitError("not_owner");

      // A plain agent (no supervisor role) sees whom a chat can go to: online colleagues, not themselves, with load.
      AgentTestSupport.Response listed = AgentTestSupport.get(node.port(), "/api/agents/colleagues", from.token());
      assertThat(listed.status()).isEqualTo(200);
      List<JsonObject> colleagues = listed.array().stream().map(JsonObject.class::cast).toList();
      assertThat(colleagues).extracting(c -> c.getString("id")).contains(to.id())
          .doesNotContain(from.id(), absent.id());
      JsonObject una0 = colleagues.stream().filter(c -> to.id().equals(c.getString("id"))).findFirst().orElseThrow();
      assertThat(una0.getString("name")).isEqualTo("Una Upstairs");
      assertThat(una0.getString("state")).as("greeted but not available").isEqualTo("away");
      assertThat(una0.getInteger("load")).isZero();
      assertThat(una0.getInteger("maxChats")).isEqualTo(3);
      assertThat(AgentTestSupport.get(node.port(), "/api/agents/colleagues", null).status()).isEqualTo(401);
      assertThat(AgentTestSupport.get(node.port(), "/api/agents/colleagues", hello.token()).status())
          .as("a visitor token").isEqualTo(401);

      tom.send(new JsonObject().put("type", "transfer").put("conversationId", conversationId)
          .put("toAgentId", to.id()).put("toQueue", "general"));
      tom.awaitError("invalid_field");
      tom.send(new JsonObject().put("type", "transfer").put("conversationId", conversationId)
          .put("toAgentId", from.id()));
      tom.awaitError("invalid_field");
      tom.send(new JsonObject().put("type", "transfer").put("conversationId", conversationId)
          .put("toQueue", "no-such-queue"));
      tom.awaitError("no_such_queue");

      tom.send(new JsonObject().put("type", "transfer").put("conversationId", conversationId)
          .put("toAgentId", to.id()).put("note", "billing question, she handles refunds"));
      tom.awaitDone("transfer");
      assertThat(tom.awaitType("unassigned").getString("conversationId")).isEqualTo(conversationId);
      JsonObject handed = una.awaitOffer(conversationId);
      assertThat(handed.getJsonObject("packet").getJsonObject("lastTransfer").getString("note"))
          .isEqualTo("billing question, she handles refunds");
      una.send(new JsonObject().put("type", "accept").put("handoffId", handed.getJsonObject("handoff")
          .getString("id")));
      una.awaitDone("accept");
      una.awaitSynced(conversationId);
      assertThat(AgentTestSupport.get(node.port(), "/api/agents/colleagues", from.token()).array().stream()
          .map(JsonObject.class::cast).filter(c -> to.id().equals(c.getString("id")))
          .map(c -> c.getInteger("load")).findFirst()).as("Una's load after accepting").contains(1);
      long seq = sendAgent(una, "message", conversationId, "u-1", "Hi, Una from billing here.").getLong("seq");
      assertThat(visitor.awaitEvent(seq).getJsonObject("author").getString("name")).isEqualTo("Una Upstairs");
      tom.send(new JsonObject().put("type", "message").put("clientId", "t-9").put("conversationId", conversationId)
          .put("text", "still me?"));
      tom.awaitError("not_owner");

      una.send(new JsonObject().put("type", "transfer").put("conversationId", conversationId).put("toQueue", "general"));
      una.awaitDone("transfer");
      JsonObject queued = visitor.await(f -> "event".equals(f.getString("type"))
          && "transfer".equals(f.getJsonObject("event").getJsonObject("data", new JsonObject()).getString("reason")),
          "re-queued by transfer").getJsonObject("event");
      assertThat(queued.getJsonObject("data").getString("status")).isIn("queued", "offered");
      tom.available(false);
    }
  }

  @Test
  @DisplayName("a message racing a transfer: ownership is checked under the hand-off's lock, so a message waiting"
      + " on a transfer in progress is refused once the chat has left the agent, and nothing is stored")
  void messageRacingATransferIsRefused() throws Exception {
    AgentTestSupport.Staff staff = AgentTestSupport.agent(node.port(), admin, "Rae Race", List.of("qr"), 3);
    try (AgentClient rae = AgentClient.connect(clients, node.port(), staff.token());
         VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      rae.hello(null);
      rae.available(true);
      String conversationId = visitor.hello(new JsonObject().put("locale", "qr")).conversationId();
      escalateAndAccept(visitor, conversationId, "a person please", rae);
      rae.available(false);
      sendAgent(rae, "message", conversationId, "r-1", "Hello, Rae here.");

      // A transfer in progress elsewhere: it holds the hand-off row, and moves the chat away when it commits.
      try (Connection transfer = TestDatabase.get().openJdbc()) {
        transfer.setAutoCommit(false);
        try (PreparedStatement lock = transfer.prepareStatement(
            "SELECT id FROM handoffs WHERE conversation_id = ? AND state = 'assigned' FOR UPDATE")) {
          lock.setObject(1, UUID.fromString(conversationId));
          assertThat(lock.executeQuery().next()).isTrue();
        }
        rae.send(new JsonObject().put("type", "message").put("clientId", "r-2").put("conversationId", conversationId)
            .put("text", "Still here?"));
        Thread.sleep(300);
        assertThat(rae.received()).as("no answer while the transfer holds the hand-off")
            .noneMatch(frame -> "r-2".equals(frame.getString("clientId")));
        try (PreparedStatement move = transfer.prepareStatement(
            "UPDATE handoffs SET state = 'queued', assigned_to = NULL WHERE conversation_id = ?")) {
          move.setObject(1, UUID.fromString(conversationId));
          assertThat(move.executeUpdate()).isEqualTo(1);
        }
        transfer.commit();
      }
      assertThat(rae.awaitError("not_owner").getString("clientId")).isEqualTo("r-2");
      assertThat(TestDatabase.column("SELECT count(*) FROM conversation_events WHERE conversation_id = ?::uuid"
          + " AND client_id = 'r-2'", conversationId)).containsExactly(0L);
    }
  }

  @Test
  @DisplayName("an admin disables an account: its open console connection closes at once, sign-in and token"
      + " renewal are refused; enabled again, it signs in")
  void disablingAnAccountClosesItsConnections() {
    AgentTestSupport.Staff staff = AgentTestSupport.agent(node.port(), admin, "Dee Disabled", List.of("qd"), 3);
    String path = "/api/accounts/" + staff.id();
    try (AgentClient dee = AgentClient.connect(clients, node.port(), staff.token())) {
      dee.hello(null);
      assertThat(AgentTestSupport.patch(node.port(), path, staff.token(), "{\"active\":false}").status())
          .as("an agent is not an admin").isEqualTo(403);
      AgentTestSupport.Response disabled = AgentTestSupport.patch(node.port(), path, admin, "{\"active\":false}");
      assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
      assertThat(disabled.json().getBoolean("active")).isFalse();
      JsonObject error = dee.awaitError("account_disabled");
      assertThat(error.getBoolean("recoverable")).isFalse();
      assertThat(dee.awaitClose()).isEqualTo((short) 1008);
    }
    assertThat(Http.post(node.port(), "/api/auth/login", null, new JsonObject().put("username", staff.username())
        .put("password", AgentTestSupport.PASSWORD).encode()).status()).isEqualTo(401);
    assertThat(Http.post(node.port(), "/api/auth/refresh", staff.token(), "").status()).isEqualTo(401);

    assertThat(AgentTestSupport.patch(node.port(), path, admin, "{\"active\":true}").status()).isEqualTo(200);
    assertThat(Http.login(node.port(), staff.username(), AgentTestSupport.PASSWORD)).isNotBlank();

    assertThat(AgentTestSupport.patch(node.port(), path, admin, "{\"active\":\"no\"}").status()).isEqualTo(400);
    assertThat(AgentTestSupport.patch(node.port(), "/api/accounts/" + UUID.randomUUID(), admin,
        "{\"active\":false}").status()).isEqualTo(404);
    String adminId = new JsonObject(new String(Base64.getUrlDecoder().decode(admin.split("\\.")[1]),
        StandardCharsets.UTF_8)).getString("sub");
    assertThat(AgentTestSupport.patch(node.port(), "/api/accounts/" + adminId, admin, "{\"active\":false}")
        .json().getString("message")).as("no locking yourself out").contains("your own account");
  }

  // ---- supervisors ----

  @Test
  @DisplayName("supervisors get the wallboard over REST and as a live stream; agents get 403 and role_required")
  void supervisorViews() {
    String supervisorToken = AgentTestSupport.supervisorToken(node.port());
    AgentTestSupport.Staff staff = AgentTestSupport.agent(node.port(), admin, "Sid Staff", List.of("qs"), 2);
    AgentTestSupport.Response board = AgentTestSupport.get(node.port(), "/api/supervisor/snapshot", supervisorToken);
    assertThat(board.status()).isEqualTo(200);
    assertThat(board.json().getJsonArray("queues")).isNotNull();
    assertThat(board.json().getJsonArray("agents")).isNotEmpty();
    assertThat(board.json().getJsonArray("hottest")).isNotNull();
    assertThat(AgentTestSupport.get(node.port(), "/api/supervisor/snapshot", staff.token()).status()).isEqualTo(403);
    assertThat(AgentTestSupport.get(node.port(), "/api/supervisor/snapshot", null).status()).isEqualTo(401);

    try (AgentClient supervisor = AgentClient.connect(clients, node.port(), supervisorToken);
         AgentClient agent = AgentClient.connect(clients, node.port(), staff.token())) {
      supervisor.hello(null);
      agent.hello(null);
      agent.send(new JsonObject().put("type", "watch_supervisor"));
      agent.awaitError("role_required");
      supervisor.send(new JsonObject().put("type", "watch_supervisor"));
      JsonObject first = supervisor.awaitType("supervisor");
      assertThat(first.getJsonObject("snapshot").getJsonArray("agents")).isNotEmpty();
      agent.available(true);
      JsonObject changed = supervisor.await(f -> "supervisor".equals(f.getString("type"))
          && f.getJsonObject("snapshot").getJsonArray("agents").stream().map(JsonObject.class::cast)
          .anyMatch(a -> staff.id().equals(a.getString("id")) && "available".equals(a.getString("state"))),
          "wallboard showing the agent available");
      assertThat(changed).isNotNull();
      agent.available(false);
    }
  }

  @Test
  @DisplayName("the identity the host page sent in hello reaches the agent's offer, marked unverified, and fills "
      + "canned placeholders verbatim (markup included)")
  void websiteIdentityReachesAgent() {
    int port = node.port();
    AgentTestSupport.Staff staff = AgentTestSupport.agent(port, admin, "Ida Identity", List.of("qi"), 3);
    String supervisorToken = AgentTestSupport.supervisorToken(port);
    String name = "<img src=x onerror=alert(1)> Ada";
    try (AgentClient agent = AgentClient.connect(clients, port, staff.token());
         VisitorClient visitor = VisitorClient.connect(clients, port)) {
      agent.hello(null);
      agent.available(true);
      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", "qi-QI").put("visitor",
          new JsonObject().put("name", name).put("email", "ada@example.com").put("externalId", "cust-42")));
      visitor.send(new JsonObject().put("type", "escalate"));

      JsonObject packetVisitor = agent.awaitOffer(hello.conversationId()).getJsonObject("packet")
          .getJsonObject("visitor");
      assertThat(packetVisitor.getString("name")).isEqualTo(name);
      assertThat(packetVisitor.getString("email")).isEqualTo("ada@example.com");
      assertThat(packetVisitor.getString("externalId")).isEqualTo("cust-42");
      assertThat(packetVisitor.getJsonObject("identity").getBoolean("verified")).isFalse();

      AgentTestSupport.Response canned = AgentTestSupport.post(port, "/api/canned", supervisorToken, new JsonObject()
          .put("shortcut", AgentTestSupport.unique("who")).put("text", "Hi {visitor.name}, we write to {visitor.email}.")
          .put("scope", "shared").encode());
      assertThat(canned.status()).isEqualTo(201);
      AgentTestSupport.Response rendered = AgentTestSupport.post(port, "/api/canned/" + canned.json().getString("id")
          + "/render", supervisorToken, new JsonObject().put("conversationId", hello.conversationId()).encode());
      assertThat(rendered.json().getString("text")).isEqualTo("Hi " + name + ", we write to ada@example.com.");
      assertThat(rendered.json().getJsonArray("missing")).isEmpty();
    }
  }

  // ---- canned responses, profiles, queues ----

  @Test
  @DisplayName("canned responses: personal and shared, role checks, placeholders validated and rendered")
  void cannedResponses() {
    int port = node.port();
    String supervisorToken = AgentTestSupport.supervisorToken(port);
    AgentTestSupport.Staff ann = AgentTestSupport.agent(port, admin, "Ann Canned", List.of("en"), 3);
    AgentTestSupport.Staff bob = AgentTestSupport.agent(port, admin, "Bob Other", List.of("en"), 3);

    AgentTestSupport.Response greet = AgentTestSupport.post(port, "/api/canned", ann.token(), new JsonObject()
        .put("shortcut", "greet").put("text", "Hi {visitor.name|there}, I am {agent.firstName}.").encode());
    assertThat(greet.status()).isEqualTo(201);
    assertThat(greet.json().getString("scope")).isEqualTo("personal");
    String greetId = greet.json().getString("id");

    AgentTestSupport.Response unknown = AgentTestSupport.post(port, "/api/canned", ann.token(), new JsonObject()
        .put("shortcut", "order").put("text", "Your order {order.id} is on its way").encode());
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().getString("message")).contains("{order.id}").contains("{visitor.name}");
    assertThat(AgentTestSupport.post(port, "/api/canned", ann.token(), new JsonObject().put("shortcut", "Bad Key")
        .put("text", "x").encode()).status()).isEqualTo(400);
    assertThat(AgentTestSupport.post(port, "/api/canned", ann.token(), new JsonObject().put("shortcut", "blank")
        .put("text", "   ").encode()).status()).isEqualTo(400);
    assertThat(AgentTestSupport.post(port, "/api/canned", ann.token(), "not json").status()).isEqualTo(400);
    AgentTestSupport.Response nul = AgentTestSupport.post(port, "/api/canned", ann.token(), new JsonObject()
        .put("shortcut", "nul").put("text", "a\u0000b").encode());
    assertThat(nul.status()).as("a NUL PostgreSQL cannot store is the caller's error").isEqualTo(400);
    assertThat(nul.json().getString("message")).contains("U+0000");
    assertThat(AgentTestSupport.post(port, "/api/canned", ann.token(), new JsonObject().put("shortcut", "greet")
        .put("text", "again").encode()).status()).isEqualTo(409);
    assertThat(AgentTestSupport.post(port, "/api/canned", ann.token(), new JsonObject().put("shortcut", "bye")
        .put("text", "Bye!").put("scope", "shared").encode()).status()).isEqualTo(403);
    String byeShortcut = AgentTestSupport.unique("bye");
    AgentTestSupport.Response bye = AgentTestSupport.post(port, "/api/canned", supervisorToken, new JsonObject()
        .put("shortcut", byeShortcut).put("text", "Thanks for contacting us, {visitor.name}!").put("scope", "shared")
        .put("language", "en").encode());
    assertThat(bye.status()).isEqualTo(201);
    String byeId = bye.json().getString("id");

    JsonArray annSees = AgentTestSupport.get(port, "/api/canned", ann.token()).array();
    assertThat(annSees.stream().map(c -> ((JsonObject) c).getString("id"))).contains(greetId, byeId);
    JsonArray bobSees = AgentTestSupport.get(port, "/api/canned", bob.token()).array();
    assertThat(bobSees.stream().map(c -> ((JsonObject) c).getString("id"))).contains(byeId).doesNotContain(greetId);
    assertThat(AgentTestSupport.get(port, "/api/canned?q=GREE", ann.token()).array().stream()
        .map(c -> ((JsonObject) c).getString("id"))).containsExactly(greetId);
    assertThat(AgentTestSupport.get(port, "/api/canned?language=EN", ann.token()).status()).isEqualTo(400);

    assertThat(AgentTestSupport.put(port, "/api/canned/" + greetId, bob.token(), new JsonObject()
        .put("shortcut", "greet").put("text", "mine now").encode()).status()).isEqualTo(404);
    assertThat(AgentTestSupport.put(port, "/api/canned/" + byeId, ann.token(), new JsonObject()
        .put("shortcut", "bye").put("text", "changed").encode()).status()).isEqualTo(403);
    AgentTestSupport.Response edited = AgentTestSupport.put(port, "/api/canned/" + greetId, ann.token(),
        new JsonObject().put("shortcut", "greet").put("text", "Hello {visitor.name|there}, {agent.firstName} here.")
            .encode());
    assertThat(edited.status()).isEqualTo(200);
    assertThat(edited.json().getString("text")).startsWith("Hello");

    String conversationId;
    try (VisitorClient visitor = VisitorClient.connect(clients, port)) {
      conversationId = visitor.hello().conversationId();
    }
    AgentTestSupport.Response forbidden = AgentTestSupport.post(port, "/api/canned/" + greetId + "/render",
        ann.token(), new JsonObject().put("conversationId", conversationId).encode());
    assertThat(forbidden.status()).isEqualTo(403);
    AgentTestSupport.Response rendered = AgentTestSupport.post(port, "/api/canned/" + byeId + "/render",
        supervisorToken, new JsonObject().put("conversationId", conversationId).encode());
    assertThat(rendered.status()).isEqualTo(200);
    assertThat(rendered.json().getString("text")).isEqualTo("Thanks for contacting us, !");
    assertThat(rendered.json().getJsonArray("missing")).containsExactly("visitor.name");
    assertThat(AgentTestSupport.post(port, "/api/canned/" + byeId + "/render", supervisorToken,
        new JsonObject().put("conversationId", java.util.UUID.randomUUID().toString()).encode()).status())
        .isEqualTo(404);
    assertThat(AgentTestSupport.post(port, "/api/canned/" + byeId + "/render", supervisorToken,
        new JsonObject().put("conversationId", "nope").encode()).status()).isEqualTo(400);

    assertThat(AgentTestSupport.delete(port, "/api/canned/" + greetId, bob.token()).status()).isEqualTo(404);
    assertThat(AgentTestSupport.delete(port, "/api/canned/" + greetId, ann.token()).status()).isEqualTo(204);
    assertThat(AgentTestSupport.get(port, "/api/canned", ann.token()).array().stream()
        .map(c -> ((JsonObject) c).getString("id"))).doesNotContain(greetId);
  }

  @Test
  @DisplayName("agent profiles and queues: supervisors edit, agents read their own, bad input gets a clear 400")
  void profilesAndQueues() {
    int port = node.port();
    String supervisorToken = AgentTestSupport.supervisorToken(port);
    AgentTestSupport.Staff pat = AgentTestSupport.agent(port, admin, "Pat Profile", List.of("en"), 2);
    AgentTestSupport.Staff other = AgentTestSupport.agent(port, admin, "Oli Other", List.of("en"), 2);
    String path = "/api/agents/" + pat.id() + "/profile";

    AgentTestSupport.Response own = AgentTestSupport.get(port, path, pat.token());
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().getInteger("maxChats")).isEqualTo(2);
    assertThat(AgentTestSupport.get(port, path, other.token()).status()).isEqualTo(403);
    assertThat(AgentTestSupport.put(port, path, pat.token(), new JsonObject().put("languages", new JsonArray()
        .add("en")).put("maxChats", 9).encode()).status()).isEqualTo(403);

    AgentTestSupport.Response saved = AgentTestSupport.put(port, path, supervisorToken, new JsonObject()
        .put("languages", new JsonArray().add("es").add("en")).put("skills", new JsonArray().add("billing"))
        .put("maxChats", 4).encode());
    assertThat(saved.status()).isEqualTo(200);
    assertThat(saved.json().getJsonArray("languages")).containsExactly("es", "en");
    assertThat(saved.json().getJsonArray("skills")).containsExactly("billing");
    assertThat(TestDatabase.column("SELECT max_chats FROM agent_profiles WHERE account_id = ?::uuid", pat.id()))
        .containsExactly(4);
    AgentTestSupport.Response badLanguage = AgentTestSupport.put(port, path, supervisorToken, new JsonObject()
        .put("languages", new JsonArray().add("English")).put("maxChats", 2).encode());
    assertThat(badLanguage.status()).isEqualTo(400);
    assertThat(badLanguage.json().getString("message")).contains("languages").contains("English");
    assertThat(AgentTestSupport.put(port, path, supervisorToken, new JsonObject()
        .put("languages", new JsonArray().add("en")).put("maxChats", 0).encode()).status()).isEqualTo(400);
    assertThat(AgentTestSupport.put(port, "/api/agents/" + java.util.UUID.randomUUID() + "/profile", supervisorToken,
        new JsonObject().put("languages", new JsonArray().add("en")).put("maxChats", 2).encode()).status())
        .isEqualTo(404);

    String queueId = AgentTestSupport.unique("vip");
    JsonObject queue = new JsonObject().put("id", queueId).put("name", "VIP customers")
        .put("languages", new JsonArray().add("en")).put("skills", new JsonArray().add("vip"))
        .put("maxWaitSeconds", 600);
    assertThat(AgentTestSupport.post(port, "/api/queues", pat.token(), queue.encode()).status()).isEqualTo(403);
    AgentTestSupport.Response created = AgentTestSupport.post(port, "/api/queues", supervisorToken, queue.encode());
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getInteger("maxWaitSeconds")).isEqualTo(600);
    assertThat(AgentTestSupport.post(port, "/api/queues", supervisorToken, queue.encode()).status()).isEqualTo(409);
    assertThat(AgentTestSupport.post(port, "/api/queues", supervisorToken, queue.copy().put("id", "Bad Id")
        .encode()).status()).isEqualTo(400);
    assertThat(AgentTestSupport.post(port, "/api/queues", supervisorToken, queue.copy().put("id", queueId + "x")
        .put("languages", new JsonArray()).encode()).status()).isEqualTo(400);
    assertThat(AgentTestSupport.get(port, "/api/queues", pat.token()).array().stream()
        .map(q -> ((JsonObject) q).getString("id"))).contains("general", queueId);
    AgentTestSupport.Response updated = AgentTestSupport.put(port, "/api/queues/" + queueId, supervisorToken,
        queue.copy().put("name", "VIP").put("maxWaitSeconds", 300).encode());
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().getString("name")).isEqualTo("VIP");
    assertThat(AgentTestSupport.put(port, "/api/queues/nope-" + queueId, supervisorToken, queue.encode()).status())
        .isEqualTo(404);
  }

  @Test
  @DisplayName("demo agent profiles: agent en, maria es+en, ivan ru+en, three chats each; loading twice changes nothing")
  void demoProfiles() {
    io.vertx.sqlclient.Pool pool = io.vertx.pgclient.PgBuilder.pool()
        .connectingTo(TestDatabase.get().connectOptions()).using(clients).build();
    try {
      AgentClusterTest.await(DemoAgentProfiles.load(pool));
      AgentClusterTest.await(DemoAgentProfiles.load(pool));
    } finally {
      pool.close();
    }
    assertThat(TestDatabase.column("SELECT array_to_string(p.languages, ',') || ':' || p.max_chats FROM"
        + " agent_profiles p JOIN accounts a ON a.id = p.account_id WHERE a.username IN ('agent', 'maria', 'ivan')"
        + " ORDER BY a.username")).containsExactly("en:3", "ru,en:3", "es,en:3");
  }

  /** The visitor says something and asks for a person; the available agent gets the offer, accepts, is synced. */
  private static void escalateAndAccept(VisitorClient visitor, String conversationId, String text, AgentClient agent) {
    visitor.say("v-1", text);
    visitor.send(new JsonObject().put("type", "escalate"));
    JsonObject offer = agent.awaitOffer(conversationId);
    agent.send(new JsonObject().put("type", "accept").put("handoffId", offer.getJsonObject("handoff").getString("id")));
    agent.awaitDone("accept");
    agent.awaitSynced(conversationId);
  }

  static JsonObject sendAgent(AgentClient agent, String type, String conversationId, String clientId, String text) {
    agent.send(new JsonObject().put("type", type).put("clientId", clientId).put("conversationId", conversationId)
        .put("text", text));
    return agent.awaitAck(clientId);
  }
}
