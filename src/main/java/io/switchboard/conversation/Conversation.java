package io.switchboard.conversation;

import java.time.Instant;
import java.util.UUID;

/** A conversation's header row: whose it is, its status and how far its event sequence has gone. */
public record Conversation(UUID id, UUID visitorId, String status, String language, String page, long lastSeq,
                           Instant createdAt, Instant updatedAt, MoodSnapshot mood) {

  public static final String OPEN = "open";
  public static final String CLOSED = "closed";

  /** The same conversation with its event counter moved to {@code seq}. */
  public Conversation withLastSeq(long seq) {
    return new Conversation(id, visitorId, status, language, page, seq, createdAt, updatedAt, mood);
  }

  public boolean isClosed() {
    return CLOSED.equals(status);
  }
}
