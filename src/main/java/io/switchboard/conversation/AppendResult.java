package io.switchboard.conversation;

/**
 * The outcome of appending an event: the stored event, and whether it had been stored before under the same
 * client id (a retry), in which case nothing new was written. A new event also comes with its conversation's
 * status and language as they were in the same statement, so the listeners it is announced to (the bot, the
 * hand-off dispatcher) need not read them again; both are null for a duplicate.
 */
public record AppendResult(ConversationEvent event, boolean duplicate, String conversationStatus,
                           String conversationLanguage) {

  public AppendResult(ConversationEvent event, boolean duplicate) {
    this(event, duplicate, null, null);
  }
}
