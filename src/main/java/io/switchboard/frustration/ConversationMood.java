package io.switchboard.frustration;

/**
 * Conversation-level frustration: a smoothed level that decays with time, its trend and the peak.
 *
 * <p>Immutable; {@link #update} returns a new instance. The state is exactly the four numbers of
 * {@link #restore}, so any node can continue a conversation from a database row.
 *
 * <ul>
 *   <li>{@code level} first decays towards 0 with half-life {@link FrustrationSettings#moodHalfLifeSeconds()}
 *       for the time since the last update, then moves towards the new message score by
 *       {@link FrustrationSettings#moodRiseRate()} (rising) or {@link FrustrationSettings#moodFallRate()} (falling).
 *       One angry message therefore raises the level only part of the way, and calm messages and time bring it down.
 *   <li>{@code trend} is a smoothed average of the level's change per message (positive = rising); it decays with
 *       time like the level, so a stale rise does not look current.
 *   <li>{@code peak} is the highest single message score seen; it never decays, it records the worst moment.
 * </ul>
 */
public final class ConversationMood {

  private static final ConversationMood START = new ConversationMood(0.0, 0.0, 0.0, 0L);

  private final double level;
  private final double peak;
  private final double trend;
  private final long updatedAtMillis;

  private ConversationMood(double level, double peak, double trend, long updatedAtMillis) {
    this.level = level;
    this.peak = peak;
    this.trend = trend;
    this.updatedAtMillis = updatedAtMillis;
  }

  /** A conversation with no message scored yet. */
  public static ConversationMood start() {
    return START;
  }

  /** Continues a conversation from its persisted numbers. */
  public static ConversationMood restore(double level, double peak, double trend, long updatedAtMillis) {
    if (!(level >= 0.0 && level <= 1.0)) {
      throw new IllegalArgumentException("mood level must be in [0, 1], was " + level);
    }
    if (!(peak >= 0.0 && peak <= 1.0)) {
      throw new IllegalArgumentException("mood peak must be in [0, 1], was " + peak);
    }
    if (!(trend >= -1.0 && trend <= 1.0)) {
      throw new IllegalArgumentException("mood trend must be in [-1, 1], was " + trend);
    }
    return new ConversationMood(level, peak, trend, updatedAtMillis);
  }

  /** The mood after a message scored {@code score} at {@code atMillis} (epoch milliseconds). */
  public ConversationMood update(MessageScore score, long atMillis, FrustrationSettings settings) {
    double decay = decay(atMillis, settings);
    double base = level * decay;
    double value = score.score();
    double rate = value > base ? settings.moodRiseRate() : settings.moodFallRate();
    double next = base + rate * (value - base);
    double smoothing = settings.trendSmoothing();
    double nextTrend = trend * decay * smoothing + (1.0 - smoothing) * (next - base);
    long at = Math.max(atMillis, updatedAtMillis);
    return new ConversationMood(clamp(next, 0.0, 1.0), Math.max(peak, value), clamp(nextTrend, -1.0, 1.0), at);
  }

  /** The level as it stands at {@code atMillis}, decayed for the time since the last update. */
  public double levelAt(long atMillis, FrustrationSettings settings) {
    return level * decay(atMillis, settings);
  }

  public double level() {
    return level;
  }

  public double peak() {
    return peak;
  }

  public double trend() {
    return trend;
  }

  public long updatedAtMillis() {
    return updatedAtMillis;
  }

  /** {@link #level()} classified with the thresholds of {@code settings}. */
  public Level levelClass(FrustrationSettings settings) {
    return Level.of(level, settings);
  }

  private double decay(long atMillis, FrustrationSettings settings) {
    // Clocks of different nodes may disagree slightly: never decay backwards.
    double elapsedSeconds = Math.max(0L, atMillis - updatedAtMillis) / 1000.0;
    return Math.pow(0.5, elapsedSeconds / settings.moodHalfLifeSeconds());
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConversationMood other
        && Double.compare(level, other.level) == 0
        && Double.compare(peak, other.peak) == 0
        && Double.compare(trend, other.trend) == 0
        && updatedAtMillis == other.updatedAtMillis;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(level) * 31 + Double.hashCode(peak) * 17 + Double.hashCode(trend) + Long.hashCode(updatedAtMillis);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "ConversationMood[level=%.3f, peak=%.3f, trend=%+.3f, updatedAtMillis=%d]",
        level, peak, trend, updatedAtMillis);
  }
}
