package io.switchboard.frustration;

import java.util.Objects;

/**
 * Why a message scored as it did.
 *
 * @param code stable UPPER_SNAKE code that clients may switch on (the constants of this record)
 * @param text short human-readable explanation that quotes the message, e.g. {@code negative words: terrible, useless}
 */
public record Reason(String code, String text) {

  public static final String NEGATIVE_WORDS = "NEGATIVE_WORDS";
  public static final String ABUSIVE_WORDS = "ABUSIVE_WORDS";
  public static final String COMPLAINT_CUES = "COMPLAINT_CUES";
  public static final String POSITIVE_WORDS = "POSITIVE_WORDS";
  public static final String SHOUTING = "SHOUTING";
  public static final String REPEATED_PUNCTUATION = "REPEATED_PUNCTUATION";
  public static final String ELONGATED_WORDS = "ELONGATED_WORDS";
  public static final String NEGATIVE_EMOJI = "NEGATIVE_EMOJI";
  public static final String THREAT_TO_LEAVE = "THREAT_TO_LEAVE";
  public static final String HUMAN_REQUESTED = "HUMAN_REQUESTED";
  public static final String REPEATED_QUESTION = "REPEATED_QUESTION";
  public static final String BOT_FALLBACKS = "BOT_FALLBACKS";
  public static final String WAITED = "WAITED";
  public static final String MESSAGE_BURST = "MESSAGE_BURST";
  public static final String UNSUPPORTED_LANGUAGE = "UNSUPPORTED_LANGUAGE";

  public Reason {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(text, "text");
  }
}
