package io.switchboard.persistence;

import io.switchboard.conversation.AppendResult;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.NewEvent;
import io.switchboard.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The append the bot replies with: only while the conversation has the required status, once per client id, and
 * telling the caller the conversation's status and language from the same statement.
 */
@DisplayName("Conditional append")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConditionalAppendTest {

  private static final Author BOT = new Author(Author.Kind.BOT, "bot", "Assistant");

  private static Vertx vertx;
  private static Pool pool;
  private static ConversationRepository conversations;

  @BeforeAll
  static void start() {
    Migrations.migrate(TestDatabase.get());
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().connectingTo(TestDatabase.get().connectOptions()).using(vertx).build();
    conversations = new ConversationRepository(pool);
  }

  @AfterAll
  static void stop() {
    await(vertx.close());
  }

  @Test
  @DisplayName("is refused while a human owns the conversation, and nothing is written")
  void refusedWhenNotOwned() {
    UUID conversation = newConversation(null);
    TestDatabase.column("UPDATE conversations SET status = 'assigned' WHERE id = ?::uuid RETURNING id",
        conversation.toString());

    Optional<AppendResult> refused = await(conversations.appendIf(conversation,
        NewEvent.message(BOT, "bot:1", "hello"), "open", "es"));

    assertThat(refused).isEmpty();
    assertThat(TestDatabase.column("SELECT count(*) FROM conversation_events WHERE conversation_id = ?::uuid",
        conversation.toString())).containsExactly(0L);
    assertThat(TestDatabase.column("SELECT language FROM conversations WHERE id = ?::uuid",
        conversation.toString())).as("nothing learned either").containsExactly((Object) null);
  }

  @Test
  @DisplayName("appends once per client id, learns a missing language, and reports status and language")
  void appendsOnceAndLearnsLanguage() {
    UUID conversation = newConversation(null);

    AppendResult first = await(conversations.appendIf(conversation, NewEvent.message(BOT, "bot:7", "hola"),
        "open", "es")).orElseThrow();
    assertThat(first.duplicate()).isFalse();
    assertThat(first.event().seq()).isEqualTo(1);
    assertThat(first.conversationStatus()).isEqualTo("open");
    assertThat(first.conversationLanguage()).isEqualTo("es");

    AppendResult again = await(conversations.appendIf(conversation, NewEvent.message(BOT, "bot:7", "hola otra vez"),
        "open", "en")).orElseThrow();
    assertThat(again.duplicate()).isTrue();
    assertThat(again.event().seq()).isEqualTo(1);
    assertThat(again.event().body()).isEqualTo("hola");
    assertThat(TestDatabase.column("SELECT language FROM conversations WHERE id = ?::uuid",
        conversation.toString())).as("a known language is kept").containsExactly("es");
  }

  @Test
  @DisplayName("an unconditional append still fails clearly on an unknown conversation")
  void unknownConversation() {
    Throwable failure = await(conversations.append(UUID.randomUUID(), NewEvent.message(BOT, null, "hi"))
        .transform(done -> Future.succeededFuture(done.cause())));
    assertThat(failure).isInstanceOf(NoSuchConversationException.class);
  }

  private static UUID newConversation(String language) {
    UUID visitor = await(new VisitorRepository(pool).create("en-GB"));
    return await(conversations.create(visitor, language, "/test")).id();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
