package io.switchboard.load;

import java.time.LocalTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Acknowledgement latency of the steady-state window only (all visitors connected, after the ramp), which Gatling's
 * global statistics cannot isolate: they also hold the ramp, where JIT warm-up and the hello storm dominate.
 * Measured from just before the message frame is handed to Gatling to the arrival of the ack frame carrying its
 * clientId (seen by {@link ProtocolMonitor} on the connection's event loop), with 10 µs resolution below 100 ms and
 * 1 ms above.
 */
final class AckLatency {

  private static final int FINE_BUCKETS = 10_000;       // 10 µs each: 0 .. 100 ms
  private static final int COARSE_BUCKETS = 120_000;    // 1 ms each: 100 ms .. 120 s
  private static final Map<String, long[]> PENDING = new ConcurrentHashMap<>();

  private final AtomicLongArray counts = new AtomicLongArray(FINE_BUCKETS + COARSE_BUCKETS + 1);
  private final java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
  private final java.util.concurrent.atomic.AtomicLong maxMicros = new java.util.concurrent.atomic.AtomicLong();

  static final AckLatency STEADY = new AckLatency();
  static final AckLatency ALL = new AckLatency();

  // ---- bot reply latency: from the arrival of a message's (first, non-duplicate) ack to the arrival of the bot
  // event whose data.inReplyTo is that ack's seq, both seen on the connection's event loop by ProtocolMonitor

  /** conversationId + ":" + seq of an acked message -> {ack arrival nanos, steady ? 1 : 0}. */
  private static final Map<String, long[]> AWAITING_BOT = new ConcurrentHashMap<>();
  private static final Map<String, java.util.concurrent.atomic.LongAdder> OUTCOMES = new ConcurrentHashMap<>();
  private static final java.util.concurrent.atomic.AtomicLong UNMATCHED_BOT = new java.util.concurrent.atomic.AtomicLong();
  static volatile boolean trackBot;
  static final AckLatency BOT_STEADY = new AckLatency();
  static final AckLatency BOT_ALL = new AckLatency();

  /** Called when a message is about to be sent; {@code steady} says whether it counts for the steady window. */
  static void sending(String clientId, boolean steady) {
    PENDING.put(clientId, new long[] {System.nanoTime(), steady ? 1 : 0});
  }

  /** Called for every ack frame. */
  static void acked(String clientId, String conversationId, long seq, boolean duplicate) {
    long now = System.nanoTime();
    long[] sent = clientId == null ? null : PENDING.remove(clientId);
    if (sent == null) {
      return;
    }
    if (trackBot && !duplicate) {
      AWAITING_BOT.put(conversationId + ":" + seq, new long[] {now, sent[1]});
    }
    long micros = (now - sent[0]) / 1_000;
    ALL.record(micros);
    if (sent[1] == 1) {
      STEADY.record(micros);
    }
  }

  /**
   * Called for every bot message event. Replies to something other than an acked message (the greeting answers the
   * conversation's "open" status) are only counted by outcome.
   */
  static void botReplied(String conversationId, long inReplyTo, String outcome) {
    long now = System.nanoTime();
    OUTCOMES.computeIfAbsent(outcome, ignored -> new java.util.concurrent.atomic.LongAdder()).increment();
    long[] acked = AWAITING_BOT.remove(conversationId + ":" + inReplyTo);
    if (acked == null) {
      if (!"greeting".equals(outcome)) {
        UNMATCHED_BOT.incrementAndGet(); // before its ack arrived, or not to one of our messages
      }
      return;
    }
    long micros = (now - acked[0]) / 1_000;
    BOT_TIMELINE.record(now, micros);
    BOT_ALL.record(micros);
    if (acked[1] == 1) {
      BOT_STEADY.record(micros);
    }
  }

  static final Timeline BOT_TIMELINE = new Timeline();

  /**
   * Per second of the run: replies, replies slower than 50 ms, and the slowest. Tells a steady tail from bursts
   * (GC, a database checkpoint, a periodic sweep), which percentiles over the whole run cannot.
   */
  static final class Timeline {
    private static final int SECONDS = 3_600;
    private final long startNanos = System.nanoTime();
    // wall clock of second 0, so a slow second can be matched with the gateway's and PostgreSQL's logs
    private final LocalTime startClock = LocalTime.now();
    private final AtomicLongArray replies = new AtomicLongArray(SECONDS);
    private final AtomicLongArray slow = new AtomicLongArray(SECONDS);
    private final AtomicLongArray maxMicros = new AtomicLongArray(SECONDS);

    void record(long nowNanos, long micros) {
      int second = (int) Math.min(SECONDS - 1, (nowNanos - startNanos) / 1_000_000_000L);
      replies.incrementAndGet(second);
      if (micros > 50_000) {
        slow.incrementAndGet(second);
      }
      maxMicros.accumulateAndGet(second, micros, Math::max);
    }

    /** The seconds with any reply slower than 50 ms, as "second: slow/replies max ms". */
    String slowSeconds() {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < SECONDS; i++) {
        if (slow.get(i) > 0) {
          out.append(String.format("%n  s%d (%s): %d/%d over 50 ms, max %.0f ms", i,
              startClock.plusSeconds(i).withNano(0), slow.get(i), replies.get(i), maxMicros.get(i) / 1000.0));
        }
      }
      return out.length() == 0 ? " none" : out.toString();
    }
  }

  /** Acked messages whose bot reply never arrived. */
  static int awaitingBot() {
    return AWAITING_BOT.size();
  }

  /** Non-greeting bot replies that matched no acked message (e.g. arrived before the ack). */
  static long unmatchedBotReplies() {
    return UNMATCHED_BOT.get();
  }

  /** Bot replies by data.outcome, e.g. {answer=..., did_you_mean=..., greeting=...}. */
  static String outcomes() {
    return new java.util.TreeMap<>(OUTCOMES).toString();
  }

  /** Messages sent but never acknowledged (an ack that never came, or a connection lost). */
  static int unacknowledged() {
    return PENDING.size();
  }

  private void record(long micros) {
    int index = micros < 100_000 ? (int) (micros / 10)
        : (int) Math.min(FINE_BUCKETS + COARSE_BUCKETS, FINE_BUCKETS + (micros - 100_000) / 1_000);
    counts.incrementAndGet(index);
    total.incrementAndGet();
    maxMicros.accumulateAndGet(micros, Math::max);
  }

  long count() {
    return total.get();
  }

  /** The latency (ms) under which the given fraction of acks arrived (upper edge of its bucket). */
  double percentileMs(double fraction) {
    long n = total.get();
    if (n == 0) {
      return Double.NaN;
    }
    long rank = (long) Math.ceil(fraction * n);
    long seen = 0;
    for (int i = 0; i < counts.length(); i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return i < FINE_BUCKETS ? (i + 1) * 0.01 : 100.0 + (i - FINE_BUCKETS + 1);
      }
    }
    return maxMs();
  }

  double maxMs() {
    return maxMicros.get() / 1000.0;
  }

  String summary() {
    return summary("acks");
  }

  String summary(String what) {
    return String.format("%d " + what + ", p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms",
        count(), percentileMs(0.50), percentileMs(0.95), percentileMs(0.99), percentileMs(0.999), maxMs());
  }
}
