package io.switchboard.persistence;

import io.switchboard.conversation.AppendResult;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationEvent;
import io.switchboard.conversation.EventKind;
import io.switchboard.conversation.MoodSnapshot;
import io.switchboard.conversation.NewEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Conversations and their ordered events. Appending is one SQL statement: it advances the conversation's
 * {@code last_seq} and inserts the event atomically, so the sequence has no gaps and an acknowledged event is
 * committed. Retries are recognised by the unique index on (conversation, author, client id).
 */
public final class ConversationRepository {

  private static final String UNIQUE_VIOLATION = "23505";

  private static final String EVENT_COLUMNS =
      "conversation_id, seq, kind, author_kind, author_id, author_name, client_id, body, data, created_at";

  /**
   * $14 (nullable): append only if the conversation has this status, checked on the row being updated, so a
   * concurrent change of owner is seen; $15 (nullable): the conversation's language if it has none yet.
   */
  private static final String APPEND = """
      WITH existing AS (
        SELECT %1$s FROM conversation_events
         WHERE $8::text IS NOT NULL
           AND conversation_id = $1 AND author_kind = $3 AND author_id = $4 AND client_id = $8
      ), bumped AS (
        UPDATE conversations SET last_seq = last_seq + 1, updated_at = now(),
               frustration_level = coalesce($9, frustration_level),
               frustration_peak = coalesce($10, frustration_peak),
               frustration_trend = coalesce($11, frustration_trend),
               frustration_last_score = coalesce($12, frustration_last_score),
               frustration_updated_at = coalesce($13, frustration_updated_at),
               escalation_requested_at = CASE WHEN $2 = 'status' AND $7::jsonb ->> 'status' = 'handoff_requested'
                                              THEN now() ELSE escalation_requested_at END,
               escalation_reason = CASE WHEN $2 = 'status' AND $7::jsonb ->> 'status' = 'handoff_requested'
                                        THEN coalesce($7::jsonb ->> 'reason', 'human_requested')
                                        ELSE escalation_reason END,
               language = coalesce(language, $15::text)
         WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM existing) AND ($14::text IS NULL OR status = $14::text)
         RETURNING last_seq, status, language
      ), inserted AS (
        INSERT INTO conversation_events (conversation_id, seq, kind, author_kind, author_id, author_name,
                                         client_id, body, data)
        SELECT $1, last_seq, $2, $3, $4, $5, $8, $6, $7 FROM bumped
        RETURNING %1$s
      )
      SELECT %1$s, false AS duplicate, b.status AS conversation_status, b.language AS conversation_language
        FROM inserted, bumped b
      UNION ALL
      SELECT %1$s, true AS duplicate, NULL, NULL FROM existing
      """.formatted(EVENT_COLUMNS);

  private static final String APPEND_STATUS = """
      WITH bumped AS (
        UPDATE conversations SET last_seq = last_seq + 1, updated_at = now(), status = $2
         WHERE id = $1
         RETURNING last_seq
      )
      INSERT INTO conversation_events (conversation_id, seq, kind, author_kind, author_id, author_name, data)
      SELECT $1, last_seq, 'status', 'system', 'system', 'Switchboard', $3 FROM bumped
      RETURNING %s
      """.formatted(EVENT_COLUMNS);

  private static final String FIND_BY_CLIENT_ID = "SELECT " + EVENT_COLUMNS + " FROM conversation_events"
      + " WHERE conversation_id = $1 AND author_kind = $2 AND author_id = $3 AND client_id = $4";

  private static final String EVENTS_AFTER = "SELECT " + EVENT_COLUMNS + " FROM conversation_events"
      + " WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3";

  private static final String CONVERSATION_COLUMNS =
      "id, visitor_id, status, language, page, last_seq, created_at, updated_at, frustration_level, "
          + "frustration_peak, frustration_trend, frustration_last_score, frustration_updated_at";

  private final Pool pool;

  public ConversationRepository(Pool pool) {
    this.pool = pool;
  }

  /** Creates a conversation for a visitor. */
  public Future<Conversation> create(UUID visitorId, String language, String page) {
    return pool.preparedQuery("INSERT INTO conversations (id, visitor_id, language, page) VALUES ($1, $2, $3, $4)"
            + " RETURNING " + CONVERSATION_COLUMNS)
        .execute(Tuple.of(UUID.randomUUID(), visitorId, language, page))
        .map(rows -> toConversation(rows.iterator().next()));
  }

  public Future<Optional<Conversation>> find(UUID conversationId) {
    return pool.preparedQuery("SELECT " + CONVERSATION_COLUMNS + " FROM conversations WHERE id = $1")
        .execute(Tuple.of(conversationId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toConversation(rows.iterator().next())));
  }

  /** The visitor's most recent conversation that is not closed, if any. */
  public Future<Optional<Conversation>> findLatestOpen(UUID visitorId) {
    return pool.preparedQuery("SELECT " + CONVERSATION_COLUMNS + " FROM conversations"
            + " WHERE visitor_id = $1 AND status <> 'closed' ORDER BY created_at DESC LIMIT 1")
        .execute(Tuple.of(visitorId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toConversation(rows.iterator().next())));
  }

  public Future<List<Conversation>> list(int limit, int offset) {
    return pool.preparedQuery("SELECT " + CONVERSATION_COLUMNS + " FROM conversations"
            + " ORDER BY updated_at DESC LIMIT $1 OFFSET $2")
        .execute(Tuple.of(limit, offset))
        .map(rows -> {
          List<Conversation> out = new ArrayList<>(rows.size());
          rows.forEach(row -> out.add(toConversation(row)));
          return out;
        });
  }

  /**
   * Appends an event with the next sequence number, or returns the event already stored under the same sender
   * and client id. Fails if the conversation does not exist.
   */
  public Future<AppendResult> append(UUID conversationId, NewEvent event) {
    return append(conversationId, event, null);
  }

  /**
   * Appends an event and, in the same statement, stores the conversation's new frustration mood (when given, and
   * only if the event is new).
   */
  public Future<AppendResult> append(UUID conversationId, NewEvent event, MoodSnapshot mood) {
    return execute(conversationId, event, mood, null, null)
        .compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
            : Future.failedFuture(new NoSuchConversationException(conversationId)));
  }

  /**
   * Appends an event only while the conversation has {@code requiredStatus} (empty otherwise, or when the
   * conversation does not exist), and stores {@code language} as its language if it has none (nullable). The bot
   * answers this way: a reply racing a hand-off is never appended after a human took the conversation.
   */
  public Future<Optional<AppendResult>> appendIf(UUID conversationId, NewEvent event, String requiredStatus,
                                                 String language) {
    return execute(conversationId, event, null, requiredStatus, language);
  }

  /**
   * Appends on the caller's transaction, for a write that must commit under a lock taken there (an agent's
   * message under the lock of their hand-off). A concurrent append of the same client id fails it with a unique
   * violation ({@link #isUniqueViolation}): the transaction is then aborted, so the caller looks the stored event
   * up after the rollback.
   */
  public Future<AppendResult> appendOn(SqlClient client, UUID conversationId, NewEvent event) {
    return client.preparedQuery(APPEND).execute(params(conversationId, event, null, null, null))
        .map(ConversationRepository::appended)
        .compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
            : Future.failedFuture(new NoSuchConversationException(conversationId)));
  }

  private Future<Optional<AppendResult>> execute(UUID conversationId, NewEvent event, MoodSnapshot mood,
                                                 String requiredStatus, String language) {
    return pool.preparedQuery(APPEND)
        .execute(params(conversationId, event, mood, requiredStatus, language))
        .map(ConversationRepository::appended)
        .recover(failure -> isUniqueViolation(failure)
            ? findByClientId(conversationId, event).map(found -> Optional.of(new AppendResult(found, true)))
            : Future.failedFuture(failure));
  }

  private static Tuple params(UUID conversationId, NewEvent event, MoodSnapshot mood, String requiredStatus,
                              String language) {
    Tuple params = Tuple.tuple()
        .addUUID(conversationId)
        .addString(event.kind().code())
        .addString(event.author().kind().code())
        .addString(event.author().id())
        .addString(event.author().name())
        .addString(event.body())
        .addJsonObject(event.data())
        .addString(event.clientId())
        .addValue(mood == null ? null : (float) mood.level())
        .addValue(mood == null ? null : (float) mood.peak())
        .addValue(mood == null ? null : (float) mood.trend())
        .addValue(mood == null ? null : (float) mood.lastScore())
        .addValue(mood == null ? null : mood.updatedAt().atOffset(java.time.ZoneOffset.UTC))
        .addString(requiredStatus)
        .addString(language);
    return params;
  }

  private static Optional<AppendResult> appended(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row row = rows.iterator().next();
    return Optional.of(new AppendResult(toEvent(row), row.getBoolean("duplicate"),
        row.getString("conversation_status"), row.getString("conversation_language")));
  }

  private Future<ConversationEvent> findByClientId(UUID conversationId, NewEvent event) {
    return pool.preparedQuery(FIND_BY_CLIENT_ID)
        .execute(Tuple.of(conversationId, event.author().kind().code(), event.author().id(), event.clientId()))
        .map(rows -> toEvent(rows.iterator().next()));
  }

  /**
   * Sets the conversation's status and appends the matching status event, on the given client (a transaction
   * when the change must commit together with other rows, such as a hand-off's state). The caller announces the
   * event after commit.
   */
  public Future<ConversationEvent> appendStatus(SqlClient client, UUID conversationId, String status,
                                                JsonObject details) {
    JsonObject data = (details == null ? new JsonObject() : details.copy()).put("status", status);
    return client.preparedQuery(APPEND_STATUS)
        .execute(Tuple.of(conversationId, status, data))
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(new NoSuchConversationException(conversationId))
            : Future.succeededFuture(toEvent(rows.iterator().next())));
  }

  /** Conversations whose request for a person has waited longer than {@code olderThanMs} without a hand-off. */
  public Future<List<UUID>> pendingEscalations(long olderThanMs, int limit) {
    return pool.preparedQuery("SELECT id FROM conversations WHERE escalation_requested_at IS NOT NULL"
            + " AND escalation_requested_at < now() - make_interval(secs => $1 / 1000.0) LIMIT $2")
        .execute(Tuple.of(olderThanMs, limit))
        .map(rows -> {
          List<UUID> out = new ArrayList<>(rows.size());
          rows.forEach(row -> out.add(row.getUUID("id")));
          return out;
        });
  }

  /** The reason recorded with a conversation's pending request for a person, if one is pending. */
  public Future<Optional<String>> pendingEscalationReason(UUID conversationId) {
    return pool.preparedQuery("SELECT escalation_reason FROM conversations WHERE id = $1"
            + " AND escalation_requested_at IS NOT NULL")
        .execute(Tuple.of(conversationId))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.ofNullable(rows.iterator().next().getString("escalation_reason")));
  }

  /** Clears the pending request for a person (it became a hand-off, or the conversation is no longer the bot's). */
  public Future<Void> clearEscalationRequest(SqlClient client, UUID conversationId) {
    return client.preparedQuery("UPDATE conversations SET escalation_requested_at = NULL WHERE id = $1")
        .execute(Tuple.of(conversationId))
        .mapEmpty();
  }

  /** Open conversations with the highest frustration level, for supervisors. */
  public Future<io.vertx.core.json.JsonArray> hottest(int limit) {
    return pool.preparedQuery("SELECT id, status, language, frustration_level, frustration_peak, frustration_trend,"
            + " frustration_last_score FROM conversations WHERE status <> 'closed' AND frustration_level IS NOT NULL"
            + " ORDER BY frustration_level DESC LIMIT $1")
        .execute(Tuple.of(limit))
        .map(rows -> {
          io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
          rows.forEach(row -> out.add(new JsonObject()
              .put("conversationId", row.getUUID("id").toString())
              .put("status", row.getString("status"))
              .put("language", row.getString("language"))
              .put("level", row.getFloat("frustration_level"))
              .put("peak", row.getFloat("frustration_peak"))
              .put("trend", row.getFloat("frustration_trend"))
              .put("lastScore", row.getFloat("frustration_last_score"))));
          return out;
        });
  }

  /** How many earlier conversations a visitor had (returning-visitor history). */
  public Future<Long> countOtherConversations(UUID visitorId, UUID exceptConversation) {
    return pool.preparedQuery("SELECT count(*) FROM conversations WHERE visitor_id = $1 AND id <> $2")
        .execute(Tuple.of(visitorId, exceptConversation))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The latest {@code limit} events up to and including {@code upToSeq}, oldest first. */
  public Future<List<ConversationEvent>> recentEvents(UUID conversationId, long upToSeq, int limit) {
    return pool.preparedQuery("SELECT * FROM (SELECT " + EVENT_COLUMNS + " FROM conversation_events"
            + " WHERE conversation_id = $1 AND seq <= $2 ORDER BY seq DESC LIMIT $3) recent ORDER BY seq")
        .execute(Tuple.of(conversationId, upToSeq, limit))
        .map(rows -> {
          List<ConversationEvent> out = new ArrayList<>(rows.size());
          rows.forEach(row -> out.add(toEvent(row)));
          return out;
        });
  }

  /** Events with a sequence number above {@code afterSeq}, in order, at most {@code limit}. */
  public Future<List<ConversationEvent>> eventsAfter(UUID conversationId, long afterSeq, int limit) {
    return pool.preparedQuery(EVENTS_AFTER)
        .execute(Tuple.of(conversationId, afterSeq, limit))
        .map(rows -> {
          List<ConversationEvent> out = new ArrayList<>(rows.size());
          rows.forEach(row -> out.add(toEvent(row)));
          return out;
        });
  }

  public static boolean isUniqueViolation(Throwable failure) {
    return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }

  private static ConversationEvent toEvent(Row row) {
    JsonObject data = row.getJsonObject("data");
    return new ConversationEvent(
        row.getUUID("conversation_id"),
        row.getLong("seq"),
        EventKind.fromCode(row.getString("kind")),
        new Author(Author.Kind.fromCode(row.getString("author_kind")), row.getString("author_id"),
            row.getString("author_name")),
        row.getString("client_id"),
        row.getString("body"),
        data == null ? new JsonObject() : data,
        instant(row.getOffsetDateTime("created_at")));
  }

  private static Conversation toConversation(Row row) {
    return new Conversation(
        row.getUUID("id"),
        row.getUUID("visitor_id"),
        row.getString("status"),
        row.getString("language"),
        row.getString("page"),
        row.getLong("last_seq"),
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("updated_at")),
        toMood(row));
  }

  private static MoodSnapshot toMood(Row row) {
    Float level = row.getFloat("frustration_level");
    if (level == null) {
      return null;
    }
    return new MoodSnapshot(level, row.getFloat("frustration_peak"), row.getFloat("frustration_trend"),
        row.getFloat("frustration_last_score"), instant(row.getOffsetDateTime("frustration_updated_at")));
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
