package io.switchboard.frustration;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Thresholds and weights of the frustration scorer. Every component is a configuration key of the same
 * (camelCase) name; see {@link #toMap()} for the keys and their defaults.
 *
 * <p>A message's evidence is summed into a raw value (a negative word of weight 1 adds about 1, a positive
 * word subtracts), then squashed: {@code score = 1 / (1 + exp(-scoreSteepness * (raw - scoreMidpoint)))}.
 */
public record FrustrationSettings(
    // levels
    double annoyedThreshold,
    double frustratedThreshold,
    double angryThreshold,
    double scoreMidpoint,
    double scoreSteepness,
    // vocabulary
    double negativeWordWeight,
    double positiveWordWeight,
    double abusiveWordWeight,
    double intensifierBoost,
    double diminisherFactor,
    int negationWindow,
    double negatedNegativeFactor,
    double negatedPositiveFactor,
    double capsWordBoost,
    double contrastDiscount,
    double vocabularyCap,
    // surface signals
    double shoutingWeight,
    double repeatedPunctuationWeight,
    double elongatedWordWeight,
    double emojiWeight,
    double threatToLeaveWeight,
    double humanRequestedWeight,
    // conversation signals
    double repeatedQuestionWeight,
    double repeatedQuestionSimilarity,
    int repeatedQuestionWindow,
    double botFallbackWeight,
    double botFallbackCap,
    int waitingGraceSeconds,
    double waitingWeightPerMinute,
    double waitingCap,
    int burstMessagesPerMinute,
    double burstWeightPerMessage,
    double burstCap,
    // conversation mood
    double moodHalfLifeSeconds,
    double moodRiseRate,
    double moodFallRate,
    double trendSmoothing,
    // limits
    int maxMessageChars) {

  private static final FrustrationSettings DEFAULTS = new FrustrationSettings(
      0.35, 0.55, 0.75, 2.0, 1.1,
      1.0, 0.8, 1.0, 0.5, 0.5, 3, 0.4, 0.9, 0.3, 0.5, 6.0,
      1.0, 0.6, 0.4, 1.0, 1.5, 1.6,
      1.2, 0.6, 5, 0.8, 2.4, 60, 0.25, 2.0, 4, 0.3, 1.2,
      300.0, 0.6, 0.3, 0.5,
      2000);

  public FrustrationSettings {
    unit("annoyedThreshold", annoyedThreshold);
    unit("frustratedThreshold", frustratedThreshold);
    unit("angryThreshold", angryThreshold);
    if (!(annoyedThreshold < frustratedThreshold && frustratedThreshold < angryThreshold)) {
      throw new IllegalArgumentException("frustration thresholds must rise: annoyedThreshold < frustratedThreshold"
          + " < angryThreshold, were " + annoyedThreshold + ", " + frustratedThreshold + ", " + angryThreshold);
    }
    nonNegative("scoreMidpoint", scoreMidpoint);
    positive("scoreSteepness", scoreSteepness);
    nonNegative("negativeWordWeight", negativeWordWeight);
    nonNegative("positiveWordWeight", positiveWordWeight);
    nonNegative("abusiveWordWeight", abusiveWordWeight);
    nonNegative("intensifierBoost", intensifierBoost);
    unit("diminisherFactor", diminisherFactor);
    atLeast("negationWindow", negationWindow, 0);
    unit("negatedNegativeFactor", negatedNegativeFactor);
    nonNegative("negatedPositiveFactor", negatedPositiveFactor);
    nonNegative("capsWordBoost", capsWordBoost);
    unit("contrastDiscount", contrastDiscount);
    positive("vocabularyCap", vocabularyCap);
    nonNegative("shoutingWeight", shoutingWeight);
    nonNegative("repeatedPunctuationWeight", repeatedPunctuationWeight);
    nonNegative("elongatedWordWeight", elongatedWordWeight);
    nonNegative("emojiWeight", emojiWeight);
    nonNegative("threatToLeaveWeight", threatToLeaveWeight);
    nonNegative("humanRequestedWeight", humanRequestedWeight);
    nonNegative("repeatedQuestionWeight", repeatedQuestionWeight);
    positive("repeatedQuestionSimilarity", repeatedQuestionSimilarity);
    unit("repeatedQuestionSimilarity", repeatedQuestionSimilarity);
    atLeast("repeatedQuestionWindow", repeatedQuestionWindow, 0);
    nonNegative("botFallbackWeight", botFallbackWeight);
    nonNegative("botFallbackCap", botFallbackCap);
    atLeast("waitingGraceSeconds", waitingGraceSeconds, 0);
    nonNegative("waitingWeightPerMinute", waitingWeightPerMinute);
    nonNegative("waitingCap", waitingCap);
    atLeast("burstMessagesPerMinute", burstMessagesPerMinute, 1);
    nonNegative("burstWeightPerMessage", burstWeightPerMessage);
    nonNegative("burstCap", burstCap);
    positive("moodHalfLifeSeconds", moodHalfLifeSeconds);
    positive("moodRiseRate", moodRiseRate);
    unit("moodRiseRate", moodRiseRate);
    positive("moodFallRate", moodFallRate);
    unit("moodFallRate", moodFallRate);
    unit("trendSmoothing", trendSmoothing);
    atLeast("maxMessageChars", maxMessageChars, 16);
  }

  /** The built-in defaults, tuned on general rules (see docs/frustration.md). */
  public static FrustrationSettings defaults() {
    return DEFAULTS;
  }

  /**
   * The defaults overridden by {@code values}, a flat map of camelCase keys to numbers.
   *
   * @throws IllegalArgumentException naming the key, for an unknown key, a value that is not a number, a
   *     fractional value for an integer key, or a value out of range
   */
  public static FrustrationSettings fromMap(Map<String, Object> values) {
    Map<String, Object> merged = new LinkedHashMap<>(DEFAULTS.toMap());
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      String key = entry.getKey();
      if (!merged.containsKey(key)) {
        throw new IllegalArgumentException("unknown frustration setting '" + key + "'; known settings: " + merged.keySet());
      }
      merged.put(key, entry.getValue());
    }
    RecordComponent[] components = FrustrationSettings.class.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent component = components[i];
      types[i] = component.getType();
      args[i] = convert(component.getName(), component.getType(), merged.get(component.getName()));
    }
    try {
      Constructor<FrustrationSettings> constructor = FrustrationSettings.class.getDeclaredConstructor(types);
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException invalid) {
        throw invalid;
      }
      throw new IllegalStateException("cannot build frustration settings: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build frustration settings: " + e, e);
    }
  }

  /** Every key with its value, in declaration order (numbers as {@link Double} or {@link Integer}). */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    for (RecordComponent component : FrustrationSettings.class.getRecordComponents()) {
      try {
        map.put(component.getName(), component.getAccessor().invoke(this));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read frustration setting " + component.getName(), e);
      }
    }
    return Collections.unmodifiableMap(map);
  }

  private static Object convert(String key, Class<?> type, Object value) {
    if (!(value instanceof Number number)) {
      throw new IllegalArgumentException("frustration setting '" + key + "' must be a number, was "
          + (value == null ? "null" : "'" + value + "'"));
    }
    double d = number.doubleValue();
    if (type == int.class) {
      if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("frustration setting '" + key + "' must be a whole number, was " + value);
      }
      return (int) d;
    }
    return d;
  }

  private static void nonNegative(String key, double value) {
    if (!(value >= 0.0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("frustration setting '" + key + "' must be a finite number >= 0, was " + value);
    }
  }

  private static void positive(String key, double value) {
    if (!(value > 0.0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("frustration setting '" + key + "' must be a finite number > 0, was " + value);
    }
  }

  private static void unit(String key, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException("frustration setting '" + key + "' must be in [0, 1], was " + value);
    }
  }

  private static void atLeast(String key, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException("frustration setting '" + key + "' must be >= " + min + ", was " + value);
    }
  }
}
