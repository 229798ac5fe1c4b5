package io.switchboard.agent;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How an agent closed a chat; stored on the hand-off and shown in analytics. */
public enum Resolution {
  RESOLVED, NO_RESPONSE, DUPLICATE, SPAM, OTHER;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Resolution> fromCode(String code) {
    return Arrays.stream(values()).filter(value -> value.code().equals(code)).findFirst();
  }

  /** The codes, comma-separated, for error messages. */
  public static String codes() {
    return Arrays.stream(values()).map(Resolution::code).collect(Collectors.joining(", "));
  }
}
