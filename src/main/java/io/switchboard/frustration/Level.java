package io.switchboard.frustration;

import java.util.Locale;

/** Frustration level of a message or a conversation, from the configured thresholds. */
public enum Level {
  CALM, ANNOYED, FRUSTRATED, ANGRY;

  private final String code = name().toLowerCase(Locale.ROOT);

  /** Lowercase code used in JSON, e.g. {@code "frustrated"}. */
  public String code() {
    return code;
  }

  /** Classifies a score in [0, 1] with the thresholds of {@code settings}. */
  public static Level of(double score, FrustrationSettings settings) {
    if (score >= settings.angryThreshold()) {
      return ANGRY;
    }
    if (score >= settings.frustratedThreshold()) {
      return FRUSTRATED;
    }
    if (score >= settings.annoyedThreshold()) {
      return ANNOYED;
    }
    return CALM;
  }
}
