package io.switchboard.chat;

import io.switchboard.bus.Addresses;
import io.switchboard.conversation.AppendResult;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.ConversationEvent;
import io.switchboard.conversation.NewEvent;
import io.switchboard.persistence.ConversationRepository;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.List;
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
    return conversations.append(conversationId, event)
        .onSuccess(this::announce);
  }

  public Future<List<ConversationEvent>> eventsAfter(UUID conversationId, long afterSeq, int limit) {
    return conversations.eventsAfter(conversationId, afterSeq, limit);
  }

  private void announce(AppendResult result) {
    if (result.duplicate()) {
      return;
    }
    ConversationEvent event = result.event();
    JsonObject json = event.toJson();
    eventBus.publish(Addresses.conversationEvents(event.conversationId()), json);
    if (event.author().kind() == Author.Kind.VISITOR && event.kind() == io.switchboard.conversation.EventKind.MESSAGE) {
      eventBus.publish(Addresses.VISITOR_MESSAGE_STORED, json);
    }
  }
}
