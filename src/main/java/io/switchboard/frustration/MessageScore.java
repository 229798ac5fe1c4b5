package io.switchboard.frustration;

import java.util.List;
import java.util.Objects;

/**
 * The frustration score of one visitor message.
 *
 * @param score frustration in [0, 1]
 * @param level {@code score} classified with the configured thresholds
 * @param language detected ISO 639-1 code ({@code "en"}, {@code "es"}, {@code "ru"}, ...) or {@code "und"} when undetermined
 * @param languageSupported whether vocabulary for {@code language} exists; when false only language-independent
 *     signals were used and the reasons include {@link Reason#UNSUPPORTED_LANGUAGE}
 * @param reasons why, strongest contributions first; empty when nothing was found
 */
public record MessageScore(double score, Level level, String language, boolean languageSupported, List<Reason> reasons) {

  /** Language code reported when the language cannot be determined. */
  public static final String UNDETERMINED = "und";

  public MessageScore {
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score must be in [0, 1], was " + score);
    }
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(language, "language");
    reasons = List.copyOf(reasons);
  }

  /** Whether a reason with this code is present. */
  public boolean hasReason(String code) {
    for (Reason reason : reasons) {
      if (reason.code().equals(code)) {
        return true;
      }
    }
    return false;
  }
}
