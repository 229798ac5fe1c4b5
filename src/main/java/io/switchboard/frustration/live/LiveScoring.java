package io.switchboard.frustration.live;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.conversation.MoodSnapshot;
import io.switchboard.frustration.ConversationMood;
import io.switchboard.frustration.FrustrationScorer;
import io.switchboard.frustration.FrustrationSettings;
import io.switchboard.frustration.MessageScore;
import io.switchboard.frustration.Reason;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scores visitor messages as they arrive, in the gateway: the message score with its reasons and the
 * conversation's new mood, as the JSON stored in the event's {@code data.frustration} and as the snapshot stored
 * on the conversation row. Also feeds the {@code switchboard_frustration_score} histogram by language.
 */
public final class LiveScoring {

  /** The result of scoring one message. */
  public record Scored(MessageScore score, ConversationMood mood, JsonObject json, MoodSnapshot snapshot) {
  }

  private static final double[] BUCKETS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

  private final FrustrationScorer scorer;
  private final FrustrationSettings settings;
  private final MeterRegistry registry;
  private final Map<String, DistributionSummary> byLanguage = new ConcurrentHashMap<>();

  public LiveScoring(FrustrationScorer scorer, MeterRegistry registry) {
    this.scorer = scorer;
    this.settings = scorer.settings();
    this.registry = registry;
  }

  public Scored score(String text, ConversationSignalsTracker tracker, long nowMillis) {
    MessageScore score = scorer.score(text, tracker.signalsAt(nowMillis));
    ConversationMood mood = tracker.mood().update(score, nowMillis, settings);
    histogram(score.language()).record(score.score());
    MoodSnapshot snapshot = new MoodSnapshot(mood.level(), mood.peak(), mood.trend(), score.score(),
        Instant.ofEpochMilli(nowMillis));
    return new Scored(score, mood, toJson(score, mood), snapshot);
  }

  public FrustrationSettings settings() {
    return settings;
  }

  private JsonObject toJson(MessageScore score, ConversationMood mood) {
    JsonArray reasons = new JsonArray();
    for (Reason reason : score.reasons()) {
      reasons.add(new JsonObject().put("code", reason.code()).put("text", reason.text()));
    }
    return new JsonObject()
        .put("score", round(score.score()))
        .put("level", score.level().code())
        .put("language", score.language())
        .put("languageSupported", score.languageSupported())
        .put("reasons", reasons)
        .put("conversation", new JsonObject()
            .put("level", round(mood.level()))
            .put("peak", round(mood.peak()))
            .put("trend", round(mood.trend()))
            .put("class", mood.levelClass(settings).code()));
  }

  private DistributionSummary histogram(String language) {
    return byLanguage.computeIfAbsent(language, lang -> DistributionSummary.builder("switchboard.frustration.score")
        .description("Frustration score of visitor messages")
        .tag("language", lang)
        .serviceLevelObjectives(BUCKETS)
        .register(registry));
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
