package io.switchboard.conversation;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * A conversation's frustration as stored on its row: the smoothed level, the worst single message, the trend
 * (positive = rising) and the score of the latest visitor message, all in [0, 1] (trend in [-1, 1]).
 */
public record MoodSnapshot(double level, double peak, double trend, double lastScore, Instant updatedAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("level", round(level))
        .put("peak", round(peak))
        .put("trend", round(trend))
        .put("lastScore", round(lastScore))
        .put("updatedAt", updatedAt.toString());
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
