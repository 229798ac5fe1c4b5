package io.switchboard.chat;

import io.switchboard.bus.Addresses;
import io.switchboard.conversation.AppendResult;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.ConversationEvent;
import io.switchboard.conversation.MoodSnapshot;
import io.switchboard.conversation.NewEvent;
import io.switchboard.persistence.ConversationRepository;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The single way events enter a conversation: store first (PostgreSQL assigns the sequence number), then
 * announce on the event bus. A retry that was stored before is returned as is and announced again only to
 * nobody, so no listener sees an event twice because of it.
 */
public final class ConversationLog {

  private final ConversationRepository conversations;
  private final EventBus eventBus;

  public ConversationLog(ConversationRepository conversations, EventBus eventBus) {
    this.conversations = conversations;
    this.eventBus = eventBus;
  }

  public Future<AppendResult> append(UUID conversationId, NewEvent event) {
    return append(conversationId, event, null);
  }

  /** Appends an event that also moves the conversation's frustration mood (stored atomically with it). */
  public Future<AppendResult> append(UUID conversationId, NewEvent event, MoodSnapshot mood) {
    return conversations.append(conversationId, event, mood)
        .onSuccess(this::announce);
  }

  /**
   * Appends an event only while the conversation has {@code requiredStatus}; empty when it did not (see
   * {@link ConversationRepository#appendIf}). Announced like any other when new.
   */
  public Future<Optional<AppendResult>> appendIf(UUID conversationId, NewEvent event, String requiredStatus,
                                                 String language) {
    return conversations.appendIf(conversationId, event, requiredStatus, language)
        .onSuccess(result -> result.ifPresent(this::announce));
  }

  public Future<List<ConversationEvent>> eventsAfter(UUID conversationId, long afterSeq, int limit) {
    return conversations.eventsAfter(conversationId, afterSeq, limit);
  }

  /** Announces what an append committed on someone else's transaction (nothing for a recognised retry). */
  public void announce(AppendResult result) {
    if (!result.duplicate()) {
      announce(result.event(), result.conversationStatus(), result.conversationLanguage());
    }
  }

  /**
   * Announces an event committed by someone else's transaction (for example a hand-off state change together
   * with its status event). Call it once, after commit.
   */
  public void announce(ConversationEvent event) {
    announce(event, null, null);
  }

  /**
   * The conversation's status and language (when known) go with the capability-wide announcements, not with the
   * event itself: listeners such as the bot decide on them without reading the conversation again.
   */
  private void announce(ConversationEvent event, String status, String language) {
    JsonObject json = event.toJson();
    eventBus.publish(Addresses.conversationEvents(event.conversationId()), json);
    String topic = topicOf(event);
    if (topic != null) {
      JsonObject announced = status == null ? json : json.copy().put(CONVERSATION, new JsonObject()
          .put("status", status).put("language", language));
      // A visitor message is the stored node's to act on (bot turn, topic escalation): one node, not every node.
      boolean localOnly = Addresses.VISITOR_MESSAGE_STORED.equals(topic);
      eventBus.publish(topic, announced, new DeliveryOptions().setLocalOnly(localOnly));
    }
    JsonObject frustration = event.data().getJsonObject("frustration");
    if (frustration != null) {
      eventBus.publish(Addresses.FRUSTRATION_SCORED, new JsonObject()
          .put("conversationId", event.conversationId().toString())
          .put("conversationStatus", status)
          .put("seq", event.seq())
          .put("at", event.createdAt().toString())
          .put("frustration", frustration));
    }
  }

  /** The key of the conversation's status and language in a capability-wide announcement. */
  public static final String CONVERSATION = "conversation";

  /** The capability-wide address an event is also announced on, if any. */
  private static String topicOf(ConversationEvent event) {
    boolean fromVisitor = event.author().kind() == Author.Kind.VISITOR;
    return switch (event.kind()) {
      case MESSAGE -> fromVisitor ? Addresses.VISITOR_MESSAGE_STORED
          : event.author().kind() == Author.Kind.BOT ? Addresses.BOT_MESSAGE_STORED : null;
      case FEEDBACK -> fromVisitor ? Addresses.VISITOR_FEEDBACK_STORED : null;
      case STATUS -> Addresses.CONVERSATION_STATUS;
      case NOTE -> null;
      case SURVEY -> Addresses.SURVEY_STORED;
    };
  }
}
