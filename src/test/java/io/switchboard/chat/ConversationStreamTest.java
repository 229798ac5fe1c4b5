package io.switchboard.chat;

import io.switchboard.conversation.Author;
import io.switchboard.conversation.ConversationEvent;
import io.switchboard.conversation.EventKind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("ConversationStream delivers each event once, in order, repairing gaps from storage")
class ConversationStreamTest {

  private final UUID id = UUID.randomUUID();
  private final List<ConversationEvent> stored = new ArrayList<>();
  private final List<Long> delivered = new ArrayList<>();
  private final List<Promise<List<ConversationEvent>>> slowReads = new ArrayList<>();
  private boolean slowStorage;

  private ConversationEvent event(long seq) {
    return new ConversationEvent(id, seq, EventKind.MESSAGE, Author.visitor("v"), null, "m" + seq, new JsonObject(),
        Instant.EPOCH);
  }

  private void store(long upTo) {
    for (long seq = stored.size() + 1; seq <= upTo; seq++) {
      stored.add(event(seq));
    }
  }

  private Future<List<ConversationEvent>> read(UUID conversation, long after, int limit) {
    List<ConversationEvent> batch = stored.stream().filter(e -> e.seq() > after).limit(limit).toList();
    if (!slowStorage) {
      return Future.succeededFuture(batch);
    }
    Promise<List<ConversationEvent>> promise = Promise.promise();
    slowReads.add(promise);
    return promise.future().map(ignored -> stored.stream().filter(e -> e.seq() > after).limit(limit).toList());
  }

  private ConversationStream stream(long lastSeen, int batch) {
    return new ConversationStream(id, lastSeen, this::read, batch, e -> delivered.add(e.seq()));
  }

  @Test
  @DisplayName("catch-up replays everything after the last seen event, in batches")
  void catchUpInBatches() {
    store(7);
    ConversationStream stream = stream(2, 2);
    assertThat(stream.catchUp().result()).isEqualTo(7);
    assertThat(delivered).containsExactly(3L, 4L, 5L, 6L, 7L);
  }

  @Test
  @DisplayName("live duplicates and old events are ignored")
  void duplicatesIgnored() {
    store(3);
    ConversationStream stream = stream(0, 10);
    stream.catchUp();
    stream.onLive(event(2));
    stream.onLive(event(3));
    store(4);
    stream.onLive(event(4));
    stream.onLive(event(4));
    assertThat(delivered).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  @DisplayName("a live event after a gap triggers a read of the missing events first")
  void gapRepaired() {
    store(2);
    ConversationStream stream = stream(0, 10);
    stream.catchUp();
    store(5);
    stream.onLive(event(5));
    assertThat(delivered).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  @DisplayName("live events arriving during catch-up are held back and delivered after it, without doubles")
  void heldBackDuringCatchUp() {
    store(3);
    slowStorage = true;
    ConversationStream stream = stream(0, 10);
    Future<Long> done = stream.catchUp();
    store(5);
    stream.onLive(event(5));
    stream.onLive(event(4));
    stream.onLive(event(2));
    assertThat(delivered).isEmpty();
    slowReads.get(0).complete(List.of());
    assertThat(done.result()).isEqualTo(5);
    assertThat(delivered).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  @DisplayName("nothing is delivered after close")
  void closedStreamDeliversNothing() {
    store(1);
    ConversationStream stream = stream(0, 10);
    stream.catchUp();
    stream.close();
    store(2);
    stream.onLive(event(2));
    assertThat(delivered).containsExactly(1L);
  }
}
