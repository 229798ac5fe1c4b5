package io.switchboard.conversation;

/**
 * The outcome of appending an event: the stored event, and whether it had been stored before under the same
 * client id (a retry), in which case nothing new was written.
 */
public record AppendResult(ConversationEvent event, boolean duplicate) {
}
