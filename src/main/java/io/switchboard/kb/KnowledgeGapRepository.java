package io.switchboard.kb;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The feedback loop's storage: "was this helpful?" answers per article, and the knowledge gaps (fallbacks and
 * unhelpful answers) that the gaps report groups. Every write is keyed by the conversation event it comes from,
 * so a second node receiving the same event records nothing twice.
 */
public final class KnowledgeGapRepository {

  /**
   * Stores a feedback event against the bot reply it answers (which names the article in {@code data}); an
   * unhelpful answer also records a gap with the visitor's question (the event the reply answered). One round
   * trip. Returns nothing when the feedback was stored before or does not refer to a bot reply.
   */
  private static final String RECORD_FEEDBACK = """
      WITH reply AS (
        SELECT seq, data FROM conversation_events
         WHERE conversation_id = $1 AND seq = $3 AND author_kind = 'bot'
      ), asked AS (
        SELECT e.body FROM conversation_events e, reply r
         WHERE e.conversation_id = $1 AND e.seq = (r.data ->> 'inReplyTo')::bigint AND e.author_kind = 'visitor'
      ), stored AS (
        INSERT INTO kb_feedback (conversation_id, seq, reply_seq, article_id, language, helpful)
        SELECT $1, $2, r.seq, (SELECT a.id FROM kb_articles a WHERE a.id = (r.data ->> 'articleId')::bigint),
               r.data ->> 'language', $4
          FROM reply r
        ON CONFLICT DO NOTHING
        RETURNING article_id, language
      ), gap AS (
        INSERT INTO kb_gaps (language, question, lexemes, reason, conversation_id, seq, article_id)
        SELECT s.language, a.body, kb_lexemes(s.language, a.body), 'unhelpful', $1, $2, s.article_id
          FROM stored s, asked a
         WHERE NOT $4 AND s.language IS NOT NULL AND a.body IS NOT NULL
        ON CONFLICT DO NOTHING
      )
      SELECT s.article_id, s.language, c.status FROM stored s, conversations c WHERE c.id = $1
      """;

  private static final String RECORD_FALLBACK = "INSERT INTO kb_gaps (language, question, lexemes, reason,"
      + " conversation_id, seq, confidence) VALUES ($1, $2, kb_lexemes($1, $2), 'fallback', $3, $4, $5)"
      + " ON CONFLICT DO NOTHING";

  private static final String GAPS_BETWEEN = "SELECT id, language, question, lexemes, reason, article_id, created_at"
      + " FROM kb_gaps WHERE ($1::text IS NULL OR language = $1) AND created_at >= $2 AND created_at < $3"
      + " ORDER BY created_at DESC, id DESC LIMIT $4";

  /** Stored feedback: the article it is about (if any), its language and the conversation's status now. */
  public record StoredFeedback(Long articleId, String language, String conversationStatus) {
  }

  private final Pool pool;

  public KnowledgeGapRepository(Pool pool) {
    this.pool = pool;
  }

  /** Stores feedback event {@code seq} about bot reply {@code replySeq}; empty if already stored or not a reply. */
  public Future<Optional<StoredFeedback>> recordFeedback(UUID conversationId, long seq, long replySeq,
                                                         boolean helpful) {
    return pool.preparedQuery(RECORD_FEEDBACK)
        .execute(Tuple.of(conversationId, seq, replySeq, helpful))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row row = rows.iterator().next();
          return Optional.of(new StoredFeedback(row.getLong("article_id"), row.getString("language"),
              row.getString("status")));
        });
  }

  /** Records a question the bot could not answer (event {@code seq} of the conversation). */
  public Future<Void> recordFallback(String language, String question, UUID conversationId, long seq,
                                     Double confidence) {
    return pool.preparedQuery(RECORD_FALLBACK)
        .execute(Tuple.of(language, question, conversationId, seq, confidence == null ? null : confidence.floatValue()))
        .mapEmpty();
  }

  /** Gaps in {@code [from, to)}, optionally of one language, most recent first, at most {@code limit}. */
  public Future<List<Gap>> gapsBetween(String language, Instant from, Instant to, int limit) {
    return pool.preparedQuery(GAPS_BETWEEN)
        .execute(Tuple.of(language, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), limit))
        .map(rows -> {
          List<Gap> gaps = new ArrayList<>(rows.size());
          rows.forEach(row -> gaps.add(new Gap(row.getLong("id"), row.getString("language"),
              row.getString("question"), Arrays.asList(row.getArrayOfStrings("lexemes")), row.getString("reason"),
              row.getLong("article_id"), row.getOffsetDateTime("created_at").toInstant())));
          return gaps;
        });
  }
}
