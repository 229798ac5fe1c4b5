package io.switchboard.bot;

import java.util.Locale;

/** What a bot reply is; {@code data.outcome} of the bot's message events. */
public enum Outcome {
  /** First message of a conversation, with topic quick replies. */
  GREETING,
  /** The best article, with "was this helpful?". */
  ANSWER,
  /** Two or three likely articles to choose from. */
  DID_YOU_MEAN,
  /** The bot does not know; counts as a fallback and records a knowledge gap. */
  FALLBACK,
  /** The articles of a topic the visitor picked. */
  TOPIC,
  /** The visitor asked for a person; the request is recorded as a status event. */
  HANDOFF_REQUESTED,
  /** An automated action answered. */
  ACTION,
  /** An automated action needs a parameter (for example the order number). */
  ACTION_NEEDS_INPUT,
  /** An automated action failed or was too slow; counts as a fallback. */
  ACTION_FAILED,
  /** The visitor said an answer did not help. */
  UNHELPFUL_ACKNOWLEDGED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
