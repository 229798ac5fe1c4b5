package io.switchboard.bot;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;
import java.util.UUID;

/**
 * Claims a conversation event for the bot. Every node's bot receives every published event; the first node
 * whose INSERT into {@code bot_turns} succeeds decides, the others see the conflict and stay silent. The row
 * records the conversation status seen in the same statement: the bot answers only if it owns the conversation
 * (status {@code open}: no human has it), otherwise the row documents that it stayed silent. The same round
 * trip stores a detected language on a conversation that has none.
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
      ), learned AS (
        UPDATE conversations c SET language = $3
         WHERE c.id = $1 AND c.language IS NULL AND $3::text IS NOT NULL
           AND EXISTS (SELECT 1 FROM taken WHERE status = $4)
        RETURNING c.language
      )
      SELECT c.status, coalesce((SELECT language FROM learned), c.language) AS language,
             EXISTS (SELECT 1 FROM taken WHERE status = $4) AS claimed
        FROM conversation c
      """;

  /** A claimed turn: the conversation's language (possibly just learned), or null when it has none. */
  record Turn(UUID conversationId, long seq, String conversationLanguage) {
  }

  private final Pool pool;

  BotTurnRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * Claims event {@code seq} of a conversation for this node's bot. Empty when another node claimed it, the
   * conversation is not bot-owned, or it does not exist. {@code detectedLanguage} (nullable) is stored on the
   * conversation if it has no language yet.
   */
  Future<Optional<Turn>> claim(UUID conversationId, long seq, String detectedLanguage) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(conversationId, seq, detectedLanguage, BOT_OWNED))
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
