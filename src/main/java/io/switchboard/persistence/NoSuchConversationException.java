package io.switchboard.persistence;

import java.util.UUID;

/** An operation named a conversation that does not exist. */
public final class NoSuchConversationException extends RuntimeException {

  public NoSuchConversationException(UUID conversationId) {
    super("No conversation " + conversationId);
  }
}
