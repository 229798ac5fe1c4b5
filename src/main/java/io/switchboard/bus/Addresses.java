package io.switchboard.bus;

import java.util.UUID;

/**
 * Every event-bus address Switchboard uses. Bodies are JSON objects so they cross the cluster unchanged.
 */
public final class Addresses {

  private static final String CONVERSATION_PREFIX = "chat.conversation.";

  /**
   * Published after an event of a conversation is committed; body: the event's JSON
   * ({@link io.switchboard.conversation.ConversationEvent#toJson()}). Every node with a live client of that
   * conversation listens. Delivery is at-most-once: listeners repair gaps from PostgreSQL.
   */
  public static String conversationEvents(UUID conversationId) {
    return CONVERSATION_PREFIX + conversationId + ".events";
  }

  /**
   * Ephemeral signals of a conversation that are not stored or sequenced: typing indicators; body
   * {@code {type: "typing", author: {kind, id, name}, state: true|false}}.
   */
  public static String conversationSignals(UUID conversationId) {
    return CONVERSATION_PREFIX + conversationId + ".signals";
  }

  /**
   * Published after a visitor's message is committed (not on retries); body: the event's JSON. The bot,
   * the frustration scorer and escalation subscribe here.
   */
  public static final String VISITOR_MESSAGE_STORED = "chat.visitor.message.stored";

  /** Published after a visitor's satisfaction survey is committed; body: the event's JSON. */
  public static final String SURVEY_STORED = "chat.visitor.survey.stored";

  /** Published after a bot reply is committed; body: the event's JSON (escalation counts fallbacks here). */
  public static final String BOT_MESSAGE_STORED = "chat.bot.message.stored";

  /** Published after a visitor's feedback event is committed; body: the event's JSON. */
  public static final String VISITOR_FEEDBACK_STORED = "chat.visitor.feedback.stored";

  /**
   * Published after a scored visitor message is committed; body: {@code {conversationId, seq, frustration}} where
   * {@code frustration} is the message's score, level, language, reasons and the conversation's new mood. Agent
   * consoles, supervisors and escalation subscribe here.
   */
  public static final String FRUSTRATION_SCORED = "chat.frustration.scored";

  /** Published after any status event is committed (a conversation opened, queued, closed...); body: the event. */
  public static final String CONVERSATION_STATUS = "chat.conversation.status";

  /**
   * Notifications for one agent, whichever node holds their connections; body {@code {type, ...}} with type
   * offer, offer_revoked, assigned or unassigned.
   */
  public static String agent(UUID agentId) {
    return "chat.agent." + agentId;
  }

  /**
   * Published whenever queues, offers, assignments or presence changed; body {@code {}}. Dispatchers wake on it
   * and live views (agent queue, supervisor wallboard, visitor positions) refresh, coalescing bursts.
   */
  public static final String QUEUE_CHANGED = "chat.queue.changed";

  private Addresses() {
  }
}
