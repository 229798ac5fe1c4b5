package io.switchboard.frustration;

import java.util.List;

/**
 * What the gateway knows about the conversation when a visitor message arrives.
 *
 * @param previousVisitorMessages earlier visitor messages, oldest first; only the last few (see
 *     {@link FrustrationSettings#repeatedQuestionWindow()}) are compared with the new message
 * @param consecutiveBotFallbacks how many bot answers in a row, just before this message, were fallbacks ("I did not understand")
 * @param waitingSeconds how long the visitor has been waiting for a reply when sending this message
 * @param messagesLastMinute visitor messages in the last 60 seconds, this one included
 */
public record ConversationSignals(
    List<String> previousVisitorMessages,
    int consecutiveBotFallbacks,
    long waitingSeconds,
    int messagesLastMinute) {

  private static final ConversationSignals NONE = new ConversationSignals(List.of(), 0, 0, 0);

  public ConversationSignals {
    previousVisitorMessages = previousVisitorMessages == null ? List.of() : List.copyOf(previousVisitorMessages);
    if (consecutiveBotFallbacks < 0) {
      throw new IllegalArgumentException("consecutiveBotFallbacks must be >= 0, was " + consecutiveBotFallbacks);
    }
    if (waitingSeconds < 0) {
      throw new IllegalArgumentException("waitingSeconds must be >= 0, was " + waitingSeconds);
    }
    if (messagesLastMinute < 0) {
      throw new IllegalArgumentException("messagesLastMinute must be >= 0, was " + messagesLastMinute);
    }
  }

  /** No context: a single message scored on its own (batch scoring, evaluation). */
  public static ConversationSignals none() {
    return NONE;
  }
}
