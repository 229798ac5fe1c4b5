package io.switchboard.conversation;

import java.time.Instant;
import java.util.UUID;

/** A conversation's header row: whose it is, its status and how far its event sequence has gone. */
public record Conversation(UUID id, UUID visitorId, String status, String language, String page, long lastSeq,
                           Instant createdAt, Instant updatedAt) {

  public static final String OPEN = "open";
  public static final String CLOSED = "closed";

  public boolean isClosed() {
    return CLOSED.equals(status);
  }
}
