package io.switchboard.conversation;

import java.util.Locale;

/** What a conversation event is. New kinds are added here and documented in the protocol. */
public enum EventKind {
  /** A chat message from any party. */
  MESSAGE,
  /** The conversation's status changed (opened, queued, assigned, closed, ...). */
  STATUS,
  /** A visitor's "was this helpful?" answer about an earlier bot reply ({@code data.inReplyTo}). */
  FEEDBACK,
  /** An agent's internal note: part of the conversation for staff, never shown to the visitor. */
  NOTE,
  /** The visitor's satisfaction survey after the chat closed: {@code data.rating} 1-5 and an optional comment. */
  SURVEY;

  /** Whether visitors receive events of this kind. */
  public boolean visibleToVisitor() {
    return this != NOTE;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EventKind fromCode(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
