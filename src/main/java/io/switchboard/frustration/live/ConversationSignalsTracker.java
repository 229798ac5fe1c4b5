package io.switchboard.frustration.live;

import io.switchboard.conversation.Author;
import io.switchboard.conversation.ConversationEvent;
import io.switchboard.conversation.EventKind;
import io.switchboard.conversation.MoodSnapshot;
import io.switchboard.frustration.ConversationMood;
import io.switchboard.frustration.ConversationSignals;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * What the frustration scorer needs to know about a conversation, kept up to date from its event stream:
 * the visitor's recent messages, bot fallbacks in a row, how long the visitor has been waiting, how fast they
 * write, and the conversation-level mood carried by the latest scored message. Events are fed in sequence order;
 * anything at or below the last fed sequence is ignored, so replays and live events can overlap safely.
 * Not thread-safe: one tracker per session, used from its event loop.
 */
public final class ConversationSignalsTracker {

  /** How many earlier visitor messages are kept for the repeated-question signal. */
  public static final int REMEMBERED_MESSAGES = 6;
  private static final long MINUTE_MILLIS = 60_000;
  /** Bot outcomes that mean the bot could not help. */
  private static final Set<String> FALLBACK_OUTCOMES = Set.of("fallback", "action_failed");

  private final Deque<String> visitorMessages = new ArrayDeque<>();
  private final Deque<Long> visitorMessageTimes = new ArrayDeque<>();
  private long lastSeq;
  private int consecutiveFallbacks;
  private long waitingSinceMillis = -1;
  private ConversationMood mood = ConversationMood.start();

  /** Starts from the mood stored on the conversation row, if any. */
  public ConversationSignalsTracker(MoodSnapshot stored) {
    if (stored != null) {
      mood = restore(stored.level(), stored.peak(), stored.trend(), stored.updatedAt().toEpochMilli());
    }
  }

  public void accept(ConversationEvent event) {
    if (event.seq() <= lastSeq) {
      return;
    }
    lastSeq = event.seq();
    if (event.kind() != EventKind.MESSAGE) {
      return;
    }
    long at = event.createdAt().toEpochMilli();
    switch (event.author().kind()) {
      case VISITOR -> visitorWrote(event, at);
      case BOT -> botReplied(event.data());
      case AGENT -> {
        consecutiveFallbacks = 0;
        waitingSinceMillis = -1;
      }
      case SYSTEM -> { }
    }
  }

  private void visitorWrote(ConversationEvent event, long at) {
    visitorMessages.addLast(event.body() == null ? "" : event.body());
    if (visitorMessages.size() > REMEMBERED_MESSAGES) {
      visitorMessages.removeFirst();
    }
    visitorMessageTimes.addLast(at);
    while (visitorMessageTimes.size() > 1 && visitorMessageTimes.peekFirst() < at - MINUTE_MILLIS) {
      visitorMessageTimes.removeFirst();
    }
    if (waitingSinceMillis < 0) {
      waitingSinceMillis = at;
    }
    JsonObject scored = event.data().getJsonObject("frustration");
    JsonObject conversation = scored == null ? null : scored.getJsonObject("conversation");
    if (conversation != null) {
      mood = restore(conversation.getDouble("level", 0.0), conversation.getDouble("peak", 0.0),
          conversation.getDouble("trend", 0.0), at);
    }
  }

  private void botReplied(JsonObject data) {
    String outcome = data.getString("outcome", "");
    if (FALLBACK_OUTCOMES.contains(outcome)) {
      consecutiveFallbacks++;
    } else if (!outcome.isEmpty()) {
      consecutiveFallbacks = 0;
    }
    waitingSinceMillis = -1;
  }

  /** The signals for a visitor message arriving at {@code nowMillis}. */
  public ConversationSignals signalsAt(long nowMillis) {
    int lastMinute = 1;
    for (long at : visitorMessageTimes) {
      if (at >= nowMillis - MINUTE_MILLIS) {
        lastMinute++;
      }
    }
    long waitingSeconds = waitingSinceMillis < 0 ? 0 : Math.max(0, (nowMillis - waitingSinceMillis) / 1000);
    List<String> previous = new ArrayList<>(visitorMessages);
    return new ConversationSignals(previous, consecutiveFallbacks, waitingSeconds, lastMinute);
  }

  public ConversationMood mood() {
    return mood;
  }

  public long lastSeq() {
    return lastSeq;
  }

  private static ConversationMood restore(double level, double peak, double trend, long at) {
    return ConversationMood.restore(clamp(level, 0, 1), clamp(peak, 0, 1), clamp(trend, -1, 1), at);
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }
}
