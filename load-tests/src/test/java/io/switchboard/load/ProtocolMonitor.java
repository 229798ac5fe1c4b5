package io.switchboard.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sees every inbound text frame of every virtual user (installed as Gatling's {@code wsAutoReplyTextFrame}
 * hook, which never replies), because Gatling's own checks only see the frames they wait for. Per conversation it
 * tracks the last event sequence number delivered and checks the protocol's promises:
 * <ul>
 *   <li>events arrive gap-free and duplicate-free, in order ({@code seq == last + 1}), across reconnects too;</li>
 *   <li>{@code synced.lastSeq} equals the last event delivered before it;</li>
 *   <li>no {@code error} frame ever arrives.</li>
 * </ul>
 * Bot replies are ordinary events (same sequence); their arrival is also handed to {@link AckLatency#botReplied}.
 * Problems are queued per conversation; the visitor's scenario drains them and reports each as a failed request.
 * The callback runs on the connection's Netty event loop, one frame at a time per connection.
 */
final class ProtocolMonitor {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Conversation> CONVERSATIONS = new ConcurrentHashMap<>();
  private static final ConcurrentLinkedQueue<String> UNATTRIBUTED = new ConcurrentLinkedQueue<>();

  static final AtomicLong FRAMES = new AtomicLong();
  static final AtomicLong EVENTS = new AtomicLong();
  static final AtomicLong ERROR_FRAMES = new AtomicLong();
  static final AtomicLong ANOMALIES = new AtomicLong();

  private ProtocolMonitor() {
  }

  private static final class Conversation {
    volatile long lastSeq;
    final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
  }

  /** The hook: inspects the frame and returns null (no auto-reply). */
  static String observe(String text) {
    FRAMES.incrementAndGet();
    JsonNode frame;
    try {
      frame = JSON.readTree(text);
    } catch (Exception e) {
      unattributed("frame is not JSON: " + abbreviate(text));
      return null;
    }
    switch (frame.path("type").asText()) {
      case "event" -> {
        EVENTS.incrementAndGet();
        JsonNode event = frame.path("event");
        Conversation c = conversation(event.path("conversationId").asText());
        long seq = event.path("seq").asLong(-1);
        if (seq == c.lastSeq + 1) {
          c.lastSeq = seq;
        } else if (seq <= c.lastSeq) {
          problem(c, "duplicate event seq " + seq + " (already delivered up to " + c.lastSeq + ")");
        } else {
          problem(c, "gap: event seq " + seq + " delivered after " + c.lastSeq);
          c.lastSeq = seq;
        }
        if ("bot".equals(event.path("author").path("kind").asText())) {
          JsonNode data = event.path("data");
          AckLatency.botReplied(event.path("conversationId").asText(), data.path("inReplyTo").asLong(-1),
              data.path("outcome").asText("?"));
        }
      }
      case "synced" -> {
        Conversation c = conversation(frame.path("conversationId").asText());
        long synced = frame.path("lastSeq").asLong(-1);
        if (synced != c.lastSeq) {
          problem(c, "synced.lastSeq=" + synced + " but events were delivered up to " + c.lastSeq);
        }
      }
      case "error" -> {
        ERROR_FRAMES.incrementAndGet();
        // errors carry no conversationId; ones with a clientId also fail the ack check that waits for it
        unattributed("error frame " + abbreviate(text));
      }
      case "ack" -> AckLatency.acked(frame.path("clientId").asText(null), frame.path("conversationId").asText(),
          frame.path("seq").asLong(-1), frame.path("duplicate").asBoolean(false));
      default -> {
        // welcome, pong, ...: checked by the scenario itself
      }
    }
    return null;
  }

  /** The last event sequence number delivered on this conversation (what a client resumes from). */
  static long lastSeq(String conversationId) {
    Conversation c = CONVERSATIONS.get(conversationId);
    return c == null ? 0 : c.lastSeq;
  }

  static List<String> drainProblems(String conversationId) {
    Conversation c = CONVERSATIONS.get(conversationId);
    return c == null ? List.of() : drain(c.problems);
  }

  static List<String> drainUnattributed() {
    return drain(UNATTRIBUTED);
  }

  static void countAnomaly() {
    ANOMALIES.incrementAndGet();
  }

  private static List<String> drain(ConcurrentLinkedQueue<String> queue) {
    List<String> out = new ArrayList<>();
    for (String problem; (problem = queue.poll()) != null; ) {
      out.add(problem);
    }
    return out;
  }

  private static Conversation conversation(String id) {
    return CONVERSATIONS.computeIfAbsent(id, ignored -> new Conversation());
  }

  private static void problem(Conversation c, String problem) {
    ANOMALIES.incrementAndGet();
    c.problems.add(problem);
  }

  private static void unattributed(String problem) {
    ANOMALIES.incrementAndGet();
    UNATTRIBUTED.add(problem);
  }

  static String abbreviate(String value) {
    return value.length() > 300 ? value.substring(0, 300) + "…" : value;
  }
}
