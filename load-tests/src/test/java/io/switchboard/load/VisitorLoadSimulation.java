package io.switchboard.load;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load test of the visitor WebSocket protocol ({@code /ws/visitor}).
 *
 * <p>Every virtual user is one visitor: it connects, says {@code hello}, waits for {@code welcome} and {@code synced},
 * then sends a {@code message} with a unique {@code clientId} every {@code sb.intervalSeconds} and waits for the
 * {@code ack} carrying that clientId. The Gatling request "message → ack" is the acknowledgement latency: from the
 * send until the matching ack arrives (the server acks only after PostgreSQL committed the message).
 *
 * <p>Visitors are started over {@code sb.rampSeconds}; each keeps sending until {@code sb.rampSeconds +
 * sb.durationSeconds} after the first visitor started, so all {@code sb.users} visitors are connected and sending
 * together for {@code sb.durationSeconds}. {@code sb.reconnectPercent} of them close their socket once at a random
 * moment of that window and reconnect with {@code token + conversationId + lastSeq}; they must get {@code synced}
 * again, in the same conversation, with every event they had not seen replayed in order.
 *
 * <p>Besides the checks on ack/welcome/synced, every frame that no check consumed is inspected: an {@code error}
 * frame, or an {@code event} frame out of sequence (a gap or a duplicate), is recorded as a failed request named
 * "protocol anomaly" with the details, so it shows up in the report and fails the run.
 */
public class VisitorLoadSimulation extends Simulation {

  // ---------------------------------------------------------------- settings (-Dsb.*)

  private static final String BASE_URL = prop("sb.baseUrl",
      "ws://" + prop("sb.host", "127.0.0.1") + ":" + prop("sb.port", "8080"));
  private static final String PATH = prop("sb.path", "/ws/visitor");
  private static final int USERS = Integer.parseInt(prop("sb.users", "5000"));
  private static final int RAMP_SECONDS = Integer.parseInt(prop("sb.rampSeconds", "60"));
  private static final int DURATION_SECONDS = Integer.parseInt(prop("sb.durationSeconds", "120"));
  private static final double INTERVAL_SECONDS = Double.parseDouble(prop("sb.intervalSeconds", "5"));
  private static final double RECONNECT_PERCENT = Double.parseDouble(prop("sb.reconnectPercent", "10"));
  private static final int ACK_TIMEOUT_SECONDS = Integer.parseInt(prop("sb.ackTimeoutSeconds", "10"));
  private static final int HELLO_TIMEOUT_SECONDS = Integer.parseInt(prop("sb.helloTimeoutSeconds", "30"));
  /** p99 of "message → ack" the run must stay under (a Gatling assertion: the build fails above it). */
  private static final int ACK_P99_MS = Integer.parseInt(prop("sb.ackP99Ms", "100"));
  /** Text length of each message, in characters. */
  private static final int TEXT_LENGTH = Integer.parseInt(prop("sb.textLength", "60"));

  private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicLong FIRST_START = new AtomicLong();
  private static final AtomicLong ANOMALIES = new AtomicLong();
  private static final AtomicLong ERROR_FRAMES = new AtomicLong();
  private static final AtomicLong RECONNECTS = new AtomicLong();
  private static final AtomicLong REPLAYED_ON_RESUME = new AtomicLong();
  private static final AtomicLong MESSAGES_SENT = new AtomicLong();

  private static String prop(String name, String fallback) {
    String value = System.getProperty(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  // ---------------------------------------------------------------- protocol frames

  private static String hello(Session session) {
    if (!session.contains("token")) {
      return "{\"type\":\"hello\",\"locale\":\"en-GB\",\"page\":\"/load-test\"}";
    }
    return "{\"type\":\"hello\",\"token\":\"" + session.getString("token") + "\",\"conversationId\":\""
        + session.getString("conversationId") + "\",\"lastSeq\":" + session.getLong("lastSeq") + "}";
  }

  private static final String FILLER = "x".repeat(Math.max(0, TEXT_LENGTH));

  private static Session nextMessage(Session session) {
    long n = session.getLong("n") + 1;
    String clientId = "lt-" + RUN_ID + "-" + session.userId() + "-" + n;
    String prefix = "load message " + n + " from " + session.userId() + " ";
    String text = (prefix + FILLER).substring(0, Math.max(1, TEXT_LENGTH));
    MESSAGES_SENT.incrementAndGet();
    return session.set("n", n).set("clientId", clientId)
        .set("frame", "{\"type\":\"message\",\"clientId\":\"" + clientId + "\",\"text\":\"" + text + "\"}");
  }

  /**
   * Looks at frames no check consumed (in arrival order): event frames must continue the sequence exactly
   * (lastSeq + 1), error frames are never expected. Problems are put in the "anomaly" attribute.
   */
  private static Session inspectUnmatched(List<WsInboundMessage> messages, Session session) {
    long lastSeq = session.getLong("lastSeq");
    long replayed = 0;
    List<String> problems = new ArrayList<>();
    for (WsInboundMessage message : messages) {
      if (!(message instanceof WsInboundMessage.Text text)) {
        problems.add("unexpected binary frame");
        continue;
      }
      JsonNode frame;
      try {
        frame = JSON.readTree(text.message());
      } catch (Exception e) {
        problems.add("frame is not JSON: " + abbreviate(text.message()));
        continue;
      }
      String type = frame.path("type").asText();
      switch (type) {
        case "event" -> {
          long seq = frame.path("event").path("seq").asLong(-1);
          if (seq == lastSeq + 1) {
            lastSeq = seq;
            replayed++;
          } else if (seq <= lastSeq) {
            problems.add("duplicate event seq " + seq + " (already had up to " + lastSeq + ")");
          } else {
            problems.add("gap: event seq " + seq + " after " + lastSeq);
            lastSeq = seq;
          }
        }
        case "error" -> {
          ERROR_FRAMES.incrementAndGet();
          problems.add("error frame " + abbreviate(text.message()));
        }
        case "pong" -> {
          // answer to our own anomaly report ping; harmless
        }
        default -> problems.add("unexpected " + type + " frame " + abbreviate(text.message()));
      }
    }
    Session next = session.set("lastSeq", lastSeq).set("seenInBatch", replayed);
    if (!problems.isEmpty()) {
      ANOMALIES.addAndGet(problems.size());
      String earlier = session.contains("anomaly") ? session.getString("anomaly") + "; " : "";
      next = next.set("anomaly", abbreviate(earlier + String.join("; ", problems)));
    }
    return next;
  }

  private static String abbreviate(String value) {
    return value.length() > 300 ? value.substring(0, 300) + "…" : value;
  }

  /** Turns a recorded anomaly into a failed Gatling request (so it is counted, reported and fails the run). */
  private static final ChainBuilder REPORT_ANOMALY = doIf(session -> session.contains("anomaly")).then(
      exec(ws("protocol anomaly")
          .sendText("{\"type\":\"ping\",\"id\":\"anomaly\"}")
          .await(ACK_TIMEOUT_SECONDS).on(ws.checkTextMessage("protocol anomaly")
              .matching(jsonPath("$.type").is("pong"))
              .check(jsonPath("$.type").is(session -> "no anomaly, but: " + session.getString("anomaly")))))
          .exec(session -> session.remove("anomaly")));

  private static final ChainBuilder INSPECT = exec(ws.processUnmatchedMessages(VisitorLoadSimulation::inspectUnmatched))
      .exec(REPORT_ANOMALY);

  // ---------------------------------------------------------------- scenario pieces

  /** hello → welcome → (replayed events) → synced; checks resume semantics when reconnecting. */
  private static ChainBuilder helloAndSync(String name) {
    return exec(ws(name)
        .sendText(VisitorLoadSimulation::hello)
        .await(HELLO_TIMEOUT_SECONDS).on(
            ws.checkTextMessage(name + ": welcome")
                .matching(jsonPath("$.type").in("welcome", "error"))
                .check(jsonPath("$.type").is("welcome"),
                    jsonPath("$.token").saveAs("token"),
                    jsonPath("$.conversationId").saveAs("welcomeConversationId")),
            ws.checkTextMessage(name + ": synced")
                .matching(jsonPath("$.type").in("synced", "error"))
                .check(jsonPath("$.type").is("synced"),
                    jsonPath("$.lastSeq").ofLong().saveAs("syncedSeq"))))
        .exec(INSPECT)
        .exec(session -> {
          if (!session.contains("welcomeConversationId")) {
            return session; // hello failed: already a KO
          }
          String welcomed = session.getString("welcomeConversationId");
          if (session.contains("conversationId") && !session.getString("conversationId").equals(welcomed)) {
            ANOMALIES.incrementAndGet();
            return session.set("anomaly", "resumed into conversation " + welcomed + " instead of "
                + session.getString("conversationId"));
          }
          session = session.set("conversationId", welcomed);
          // Everything up to synced.lastSeq must have been delivered (replayed) before synced.
          if (session.contains("syncedSeq") && session.getLong("syncedSeq") != session.getLong("lastSeq")) {
            ANOMALIES.incrementAndGet();
            return session.set("anomaly", "synced.lastSeq=" + session.getLong("syncedSeq")
                + " but events were delivered up to " + session.getLong("lastSeq"));
          }
          return session;
        })
        .exec(REPORT_ANOMALY);
  }

  /** One message every interval until phaseEnd (epoch millis in the session). */
  private static ChainBuilder sendUntil(String endAttribute) {
    return asLongAs(session -> System.currentTimeMillis() < session.getLong(endAttribute)).on(
        pace(Duration.ofMillis(Math.round(INTERVAL_SECONDS * 1000)))
            .exec(VisitorLoadSimulation::nextMessage)
            .exec(ws("message → ack")
                .sendText("#{frame}")
                .await(ACK_TIMEOUT_SECONDS).on(ws.checkTextMessage("message → ack")
                    .matching(jsonPath("$.clientId").is("#{clientId}"))
                    .check(jsonPath("$.type").is("ack"),
                        jsonPath("$.duplicate").ofBoolean().is(false),
                        jsonPath("$.conversationId").is("#{conversationId}"),
                        jsonPath("$.seq").ofLong().saveAs("ackSeq"))))
            .exec(INSPECT));
  }

  private static final ChainBuilder RECONNECT = exec(session -> {
        RECONNECTS.incrementAndGet();
        return session;
      })
      .exec(INSPECT) // frames that arrived before the close count for lastSeq
      .exec(ws("close").close())
      .exec(session -> session.set("lastSeqBeforeResume", session.getLong("lastSeq")))
      .exec(ws("reconnect").connect(PATH))
      .exec(helloAndSync("resume hello"))
      .exec(session -> {
        REPLAYED_ON_RESUME.addAndGet(session.getLong("lastSeq") - session.getLong("lastSeqBeforeResume"));
        if (session.contains("ackSeq") && session.getLong("lastSeq") < session.getLong("ackSeq")) {
          ANOMALIES.incrementAndGet();
          return session.set("anomaly", "resumed up to seq " + session.getLong("lastSeq")
              + " but seq " + session.getLong("ackSeq") + " was acknowledged before the reconnect");
        }
        return session;
      })
      .exec(REPORT_ANOMALY);

  /** After the last message: give the echo of it a moment, then every acked message must have come back as an event. */
  private static final ChainBuilder FINAL_CHECK = pause(Duration.ofSeconds(1))
      .exec(INSPECT)
      .exec(session -> {
        if (session.contains("ackSeq") && session.getLong("lastSeq") < session.getLong("ackSeq")) {
          ANOMALIES.incrementAndGet();
          return session.set("anomaly", "message seq " + session.getLong("ackSeq")
              + " was acknowledged but its event never arrived (events seen up to " + session.getLong("lastSeq") + ")");
        }
        return session;
      })
      .exec(REPORT_ANOMALY);

  private final ScenarioBuilder visitors = scenario("visitors")
      .exec(session -> {
        long now = System.currentTimeMillis();
        FIRST_START.compareAndSet(0, now);
        long end = FIRST_START.get() + (RAMP_SECONDS + DURATION_SECONDS) * 1000L;
        boolean reconnects = ThreadLocalRandom.current().nextDouble(100) < RECONNECT_PERCENT;
        long windowStart = Math.max(now, FIRST_START.get() + RAMP_SECONDS * 1000L);
        long reconnectAt = reconnects
            ? windowStart + (long) ((end - windowStart) * ThreadLocalRandom.current().nextDouble(0.2, 0.8))
            : end;
        return session.set("n", 0L).set("lastSeq", 0L).set("endAt", end)
            .set("reconnectAt", reconnectAt).set("reconnects", reconnects);
      })
      .exec(ws("connect").connect(PATH))
      .exec(helloAndSync("hello"))
      .exec(sendUntil("reconnectAt"))
      .doIf(session -> session.getBoolean("reconnects")).then(RECONNECT.exec(sendUntil("endAt")))
      .exec(FINAL_CHECK)
      .exec(ws("close").close());

  private final HttpProtocolBuilder protocol = http
      .wsBaseUrl(BASE_URL)
      // keep frames no check consumed (event echoes, replays, unexpected errors) for inspectUnmatched
      .wsUnmatchedInboundMessageBufferSize(1024);

  {
    List<Assertion> assertions = List.of(
        global().failedRequests().count().is(0L),
        details("message → ack").responseTime().percentile(99.0).lt(ACK_P99_MS));
    setUp(visitors.injectOpen(rampUsers(USERS).during(Duration.ofSeconds(RAMP_SECONDS))))
        .protocols(protocol)
        .assertions(assertions);
  }

  @Override
  public void before() {
    System.out.printf("Switchboard visitor load: %d visitors on %s%s, ramp %d s, then %d s all sending, one message "
            + "every %.1f s each (%.0f msg/s at full load), %.0f%% reconnect mid-run, run id %s%n",
        USERS, BASE_URL, PATH, RAMP_SECONDS, DURATION_SECONDS, INTERVAL_SECONDS, USERS / INTERVAL_SECONDS,
        RECONNECT_PERCENT, RUN_ID);
  }

  @Override
  public void after() {
    System.out.printf("Switchboard visitor load: %d messages sent, %d reconnects (%d events replayed on resume), "
            + "%d error frames, %d protocol anomalies%n",
        MESSAGES_SENT.get(), RECONNECTS.get(), REPLAYED_ON_RESUME.get(), ERROR_FRAMES.get(), ANOMALIES.get());
  }
}
