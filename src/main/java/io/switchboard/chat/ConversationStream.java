package io.switchboard.chat;

import io.switchboard.conversation.ConversationEvent;
import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Delivers one conversation's events to one client exactly once and in sequence order. Live events from the
 * event bus may arrive late, twice, out of order or not at all; whenever the next expected number is missing,
 * the stream reads the gap from PostgreSQL before delivering anything newer. Not thread-safe: use it from the
 * event loop that owns the client's connection.
 */
public final class ConversationStream {

  /** Reads stored events after a sequence number, at most {@code limit}, in order. */
  @FunctionalInterface
  public interface EventSource {
    Future<List<ConversationEvent>> eventsAfter(UUID conversationId, long afterSeq, int limit);
  }

  private final UUID conversationId;
  private final EventSource source;
  private final int batchSize;
  private final Consumer<ConversationEvent> deliver;
  private final ArrayDeque<ConversationEvent> heldBack = new ArrayDeque<>();
  private long lastDelivered;
  private boolean catchingUp;
  private boolean closed;

  public ConversationStream(UUID conversationId, long lastSeen, EventSource source, int batchSize,
                            Consumer<ConversationEvent> deliver) {
    this.conversationId = conversationId;
    this.lastDelivered = lastSeen;
    this.source = source;
    this.batchSize = batchSize;
    this.deliver = deliver;
  }

  public UUID conversationId() {
    return conversationId;
  }

  public long lastDelivered() {
    return lastDelivered;
  }

  /** Delivers every stored event after the last one seen; completes with the last delivered number. */
  public Future<Long> catchUp() {
    catchingUp = true;
    return source.eventsAfter(conversationId, lastDelivered, batchSize)
        .compose(batch -> {
          batch.forEach(this::deliverInOrder);
          if (batch.size() == batchSize && !closed) {
            return catchUp();
          }
          return drainHeldBack();
        })
        .onFailure(failure -> catchingUp = false);
  }

  /** An event seen live on the bus. */
  public void onLive(ConversationEvent event) {
    if (closed || event.seq() <= lastDelivered) {
      return;
    }
    if (catchingUp) {
      heldBack.add(event);
    } else if (event.seq() == lastDelivered + 1) {
      deliverInOrder(event);
    } else {
      heldBack.add(event);
      catchUp();
    }
  }

  public void close() {
    closed = true;
    heldBack.clear();
  }

  private Future<Long> drainHeldBack() {
    List<ConversationEvent> sorted = heldBack.stream()
        .sorted(java.util.Comparator.comparingLong(ConversationEvent::seq))
        .toList();
    heldBack.clear();
    for (int i = 0; i < sorted.size(); i++) {
      ConversationEvent event = sorted.get(i);
      if (event.seq() <= lastDelivered) {
        continue;
      }
      if (event.seq() != lastDelivered + 1) {
        heldBack.addAll(sorted.subList(i, sorted.size()));
        return catchUp();
      }
      deliverInOrder(event);
    }
    catchingUp = false;
    return Future.succeededFuture(lastDelivered);
  }

  private void deliverInOrder(ConversationEvent event) {
    if (closed || event.seq() != lastDelivered + 1) {
      return;
    }
    lastDelivered = event.seq();
    deliver.accept(event);
  }
}
