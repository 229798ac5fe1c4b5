package io.switchboard.bot;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;
import java.util.UUID;

/**
 * The bot's turns in {@code bot_turns}. A conversation's opening is announced to every node: before greeting, a
 * node claims it (the first INSERT wins, the others see the conflict and stay silent), reading the conversation's
 * status and language in the same statement. Visitor messages need no claim: only the node that stored one acts on
 * it, and the reply itself is idempotent (see BotVerticle#say); a turn where the bot stayed silent because a human
 * owned the conversation is recorded here with the status it saw.
 */
final class BotTurnRepository {

  /** The status in which the bot owns a conversation; hand-off statuses (queued, assigned...) silence it. */
  static final String BOT_OWNED = "open";

  private static final String CLAIM = """
      WITH conversation AS (
        SELECT id, status, language FROM conversations WHERE id = $1
      ), taken AS (
        INSERT INTO bot_turns (conversation_id, seq, status)
        SELECT id, $2, status FROM conversation
        ON CONFLICT DO NOTHING
        RETURNING status
      )
      SELECT c.status, c.language, EXISTS (SELECT 1 FROM taken WHERE status = $3) AS claimed
        FROM conversation c
      """;

  /**
   * A turn: the conversation's language (null when it has none), and the language to store with the reply on a
   * conversation that has none yet (nullable).
   */
  record Turn(UUID conversationId, long seq, String conversationLanguage, String learnLanguage) {
    Turn(UUID conversationId, long seq, String conversationLanguage) {
      this(conversationId, seq, conversationLanguage, null);
    }
  }

  private static final String SILENT = """
      INSERT INTO bot_turns (conversation_id, seq, status)
      SELECT id, $2, status FROM conversations WHERE id = $1
      ON CONFLICT DO NOTHING
      """;

  private final Pool pool;

  BotTurnRepository(Pool pool) {
    this.pool = pool;
  }

  /** Records that the bot left event {@code seq} unanswered, with the conversation's current status. */
  Future<Void> recordSilent(UUID conversationId, long seq) {
    return pool.preparedQuery(SILENT).execute(Tuple.of(conversationId, seq)).mapEmpty();
  }

  /**
   * Claims event {@code seq} of a conversation (its opening) for this node's bot. Empty when another node claimed
   * it, the conversation is not bot-owned, or it does not exist.
   */
  Future<Optional<Turn>> claim(UUID conversationId, long seq) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(conversationId, seq, BOT_OWNED))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row row = rows.iterator().next();
          return row.getBoolean("claimed")
              ? Optional.of(new Turn(conversationId, seq, row.getString("language")))
              : Optional.empty();
        });
  }
}
