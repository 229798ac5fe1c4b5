package io.switchboard.chat;

import io.switchboard.bus.Addresses;
import io.switchboard.conversation.ConversationEvent;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Live events of the conversations that clients on this verticle are watching: one event-bus consumer per
 * conversation, shared by every local listener (several tabs, later the agent console). Use from the owning
 * verticle's event loop only.
 */
public final class ConversationFeed {

  private final EventBus eventBus;
  private final Map<UUID, Watchers> watched = new HashMap<>();

  public ConversationFeed(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  /**
   * Starts delivering live events of a conversation to a listener. The future completes once the consumer is
   * registered across the cluster, so an event committed after that is seen live.
   */
  public Future<Subscription> watch(UUID conversationId, Consumer<ConversationEvent> listener) {
    Watchers watchers = watched.computeIfAbsent(conversationId, this::register);
    watchers.listeners.add(listener);
    Subscription subscription = () -> unwatch(conversationId, watchers, listener);
    return watchers.registered.map(subscription);
  }

  public int watchedConversations() {
    return watched.size();
  }

  private Watchers register(UUID conversationId) {
    Watchers watchers = new Watchers();
    MessageConsumer<JsonObject> consumer = eventBus.consumer(Addresses.conversationEvents(conversationId));
    consumer.handler(message -> watchers.dispatch(ConversationEvent.fromJson(message.body())));
    watchers.consumer = consumer;
    watchers.registered = consumer.completion();
    return watchers;
  }

  private void unwatch(UUID conversationId, Watchers watchers, Consumer<ConversationEvent> listener) {
    watchers.listeners.remove(listener);
    if (watchers.listeners.isEmpty() && watched.get(conversationId) == watchers) {
      watched.remove(conversationId);
      watchers.consumer.unregister();
    }
  }

  /** Stops a listener; the last one out unregisters the consumer. */
  @FunctionalInterface
  public interface Subscription {
    void cancel();
  }

  private static final class Watchers {
    private final Set<Consumer<ConversationEvent>> listeners = new LinkedHashSet<>();
    private MessageConsumer<JsonObject> consumer;
    private Future<Void> registered;

    private void dispatch(ConversationEvent event) {
      for (Consumer<ConversationEvent> listener : listeners.toArray(Consumer[]::new)) {
        listener.accept(event);
      }
    }
  }
}
