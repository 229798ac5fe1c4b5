package io.switchboard.frustration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The conversation mood")
class ConversationMoodTest {

  private static final FrustrationSettings SETTINGS = FrustrationSettings.defaults();
  private static final long MINUTE = 60_000L;

  private static MessageScore message(double score) {
    return new MessageScore(score, Level.of(score, SETTINGS), "en", true, List.of());
  }

  @Test
  @DisplayName("one bad message does not mark the conversation, and decays with calm messages and time")
  void oneBadMessageDecays() {
    ConversationMood mood = ConversationMood.start().update(message(0.95), 0, SETTINGS);
    assertThat(mood.level()).isLessThan(0.95);
    double afterBad = mood.level();
    mood = mood.update(message(0.1), MINUTE, SETTINGS).update(message(0.1), 2 * MINUTE, SETTINGS);
    assertThat(mood.level()).isLessThan(afterBad / 2);
    assertThat(mood.trend()).isNegative();
    assertThat(mood.levelClass(SETTINGS)).isEqualTo(Level.CALM);
    assertThat(mood.levelAt(2 * MINUTE + 30 * MINUTE, SETTINGS)).isLessThan(mood.level() / 10);
  }

  @Test
  @DisplayName("a rising sequence shows a rising trend early")
  void risingTrend() {
    ConversationMood mood = ConversationMood.start();
    double[] scores = {0.1, 0.3, 0.5, 0.7};
    for (int i = 0; i < scores.length; i++) {
      mood = mood.update(message(scores[i]), i * 20_000L, SETTINGS);
      if (i >= 1) {
        assertThat(mood.trend()).as("trend after message %d", i + 1).isPositive();
      }
    }
    assertThat(mood.level()).isGreaterThan(0.4);
  }

  @Test
  @DisplayName("the peak keeps the worst message")
  void peakKept() {
    ConversationMood mood = ConversationMood.start()
        .update(message(0.2), 0, SETTINGS)
        .update(message(0.9), MINUTE, SETTINGS)
        .update(message(0.1), 2 * MINUTE, SETTINGS)
        .update(message(0.1), 60 * MINUTE, SETTINGS);
    assertThat(mood.peak()).isEqualTo(0.9);
    assertThat(mood.updatedAtMillis()).isEqualTo(60 * MINUTE);
  }

  @Test
  @DisplayName("a mood restored from its four numbers continues exactly like the original")
  void restoreContinues() {
    ConversationMood original = ConversationMood.start().update(message(0.6), 1_000, SETTINGS).update(message(0.8), 5_000, SETTINGS);
    ConversationMood restored = ConversationMood.restore(original.level(), original.peak(), original.trend(), original.updatedAtMillis());
    assertThat(restored).isEqualTo(original);
    assertThat(restored.update(message(0.3), 9_000, SETTINGS)).isEqualTo(original.update(message(0.3), 9_000, SETTINGS));
  }

  @Test
  @DisplayName("updates never decay backwards when clocks disagree, and the instance is immutable")
  void clockSkewAndImmutability() {
    ConversationMood before = ConversationMood.start().update(message(0.8), 10 * MINUTE, SETTINGS);
    ConversationMood after = before.update(message(0.8), 9 * MINUTE, SETTINGS);
    assertThat(after.level()).isGreaterThanOrEqualTo(before.level());
    assertThat(after.updatedAtMillis()).isEqualTo(10 * MINUTE);
    assertThat(before.updatedAtMillis()).isEqualTo(10 * MINUTE);
  }

  @Test
  @DisplayName("restore rejects numbers out of range")
  void restoreValidates() {
    assertThatThrownBy(() -> ConversationMood.restore(1.5, 0, 0, 0)).hasMessageContaining("level");
  }
}
