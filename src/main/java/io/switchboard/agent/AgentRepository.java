package io.switchboard.agent;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL of the agent side that is not the hand-off engine's: presence read-back, agent profiles, queues, canned
 * responses and the facts canned placeholders are filled from. State changes of hand-offs go through
 * {@link io.switchboard.handoff.HandoffService} only.
 */
final class AgentRepository {

  private static final String CANNED_COLUMNS = "id, owner_id, shortcut, language, text, created_at, updated_at";

  private final Pool pool;

  AgentRepository(Pool pool) {
    this.pool = pool;
  }

  // ---- presence and conversations ----

  Future<Boolean> available(UUID agentId) {
    return pool.preparedQuery("SELECT available FROM agent_presence WHERE account_id = $1")
        .execute(Tuple.of(agentId))
        .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean("available"));
  }

  /** The seq of an event this agent already stored under a client id, if any (retries after losing the chat). */
  Future<Optional<Long>> storedByClientId(UUID conversationId, UUID agentId, String clientId) {
    return pool.preparedQuery("SELECT seq FROM conversation_events WHERE conversation_id = $1"
            + " AND author_kind = 'agent' AND author_id = $2 AND client_id = $3")
        .execute(Tuple.of(conversationId, agentId.toString(), clientId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getLong("seq")));
  }

  /** The latest visitor message of a conversation (what knowledge-base suggestions search with by default). */
  Future<Optional<String>> lastVisitorMessage(UUID conversationId) {
    return pool.preparedQuery("SELECT body FROM conversation_events WHERE conversation_id = $1"
            + " AND kind = 'message' AND author_kind = 'visitor' ORDER BY seq DESC LIMIT 1")
        .execute(Tuple.of(conversationId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.ofNullable(rows.iterator().next().getString(0)));
  }

  /** Visitor name and e-mail, conversation language: the values canned placeholders are filled with. */
  Future<Optional<JsonObject>> placeholderFacts(UUID conversationId) {
    return pool.preparedQuery("SELECT c.language, v.attributes FROM conversations c"
            + " JOIN visitors v ON v.id = c.visitor_id WHERE c.id = $1")
        .execute(Tuple.of(conversationId))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row row = rows.iterator().next();
          JsonObject attributes = row.getJsonObject("attributes");
          return Optional.of(new JsonObject().put("language", row.getString("language"))
              .put("attributes", attributes == null ? new JsonObject() : attributes));
        });
  }

  // ---- profiles ----

  /** An account's routing profile (defaults where it has none yet); empty if there is no such account. */
  Future<Optional<JsonObject>> profile(UUID accountId) {
    return pool.preparedQuery("SELECT acc.id, acc.username, acc.display_name, acc.roles,"
            + " coalesce(a.skills, '{}') AS skills, coalesce(a.languages, '{en}') AS languages,"
            + " coalesce(a.max_chats, 3) AS max_chats FROM accounts acc"
            + " LEFT JOIN agent_profiles a ON a.account_id = acc.id WHERE acc.id = $1")
        .execute(Tuple.of(accountId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toProfile(rows.iterator().next())));
  }

  /** Creates or replaces a profile (and the presence row dispatching needs); empty if there is no such account. */
  Future<Optional<JsonObject>> saveProfile(UUID accountId, List<String> skills, List<String> languages,
                                           int maxChats) {
    return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO agent_profiles (account_id, skills, languages,"
                + " max_chats) SELECT id, $2, $3, $4 FROM accounts WHERE id = $1 ON CONFLICT (account_id) DO UPDATE"
                + " SET skills = excluded.skills, languages = excluded.languages, max_chats = excluded.max_chats")
            .execute(Tuple.of(accountId, skills.toArray(String[]::new), languages.toArray(String[]::new), maxChats))
            .compose(saved -> saved.rowCount() == 0 ? Future.succeededFuture(false)
                // never seen yet: a profile edit must not show the agent online on the wallboard
                : tx.preparedQuery("INSERT INTO agent_presence (account_id, last_seen_at) VALUES ($1, '-infinity')"
                    + " ON CONFLICT DO NOTHING")
                    .execute(Tuple.of(accountId)).map(true)))
        .compose(saved -> saved ? profile(accountId) : Future.succeededFuture(Optional.empty()));
  }

  /** Sets the profile of an account by username unless it has one (demo content). */
  Future<Boolean> ensureProfile(String username, List<String> languages, int maxChats) {
    return pool.preparedQuery("INSERT INTO agent_profiles (account_id, languages, max_chats)"
            + " SELECT id, $2, $3 FROM accounts WHERE username = $1 ON CONFLICT (account_id) DO NOTHING")
        .execute(Tuple.of(username, languages.toArray(String[]::new), maxChats))
        .map(rows -> rows.rowCount() == 1);
  }

  private static JsonObject toProfile(Row row) {
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("username", row.getString("username"))
        .put("displayName", row.getString("display_name"))
        .put("roles", new JsonArray(List.of(row.getArrayOfStrings("roles"))))
        .put("skills", new JsonArray(List.of(row.getArrayOfStrings("skills"))))
        .put("languages", new JsonArray(List.of(row.getArrayOfStrings("languages"))))
        .put("maxChats", row.getInteger("max_chats"));
  }

  // ---- queues ----

  Future<JsonArray> queues() {
    return pool.query("SELECT id, name, languages, skills, max_wait_seconds FROM queues ORDER BY id")
        .execute()
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(row -> out.add(toQueue(row)));
          return out;
        });
  }

  /** Inserts a queue; false if the id is taken. */
  Future<Boolean> insertQueue(String id, String name, List<String> languages, List<String> skills,
                              int maxWaitSeconds) {
    return pool.preparedQuery("INSERT INTO queues (id, name, languages, skills, max_wait_seconds)"
            + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING")
        .execute(Tuple.of(id, name, languages.toArray(String[]::new), skills.toArray(String[]::new), maxWaitSeconds))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Replaces a queue's settings; false if there is no such queue. */
  Future<Boolean> updateQueue(String id, String name, List<String> languages, List<String> skills,
                              int maxWaitSeconds) {
    return pool.preparedQuery("UPDATE queues SET name = $2, languages = $3, skills = $4, max_wait_seconds = $5"
            + " WHERE id = $1")
        .execute(Tuple.of(id, name, languages.toArray(String[]::new), skills.toArray(String[]::new), maxWaitSeconds))
        .map(rows -> rows.rowCount() == 1);
  }

  private static JsonObject toQueue(Row row) {
    return new JsonObject()
        .put("id", row.getString("id"))
        .put("name", row.getString("name"))
        .put("languages", new JsonArray(List.of(row.getArrayOfStrings("languages"))))
        .put("skills", new JsonArray(List.of(row.getArrayOfStrings("skills"))))
        .put("maxWaitSeconds", row.getInteger("max_wait_seconds"));
  }

  // ---- canned responses ----

  /** Shared responses and the agent's own, matching {@code q} in shortcut or text, optionally one language. */
  Future<JsonArray> canned(UUID agentId, String q, String language) {
    String like = q == null ? null : "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return pool.preparedQuery("SELECT " + CANNED_COLUMNS + " FROM canned_responses"
            + " WHERE (owner_id IS NULL OR owner_id = $1)"
            + " AND ($2::text IS NULL OR shortcut ILIKE $2 OR text ILIKE $2)"
            + " AND ($3::text IS NULL OR language IS NULL OR language = $3)"
            + " ORDER BY owner_id NULLS LAST, shortcut LIMIT 500")
        .execute(Tuple.of(agentId, like, language))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(row -> out.add(toCanned(row)));
          return out;
        });
  }

  Future<Optional<JsonObject>> findCanned(UUID id) {
    return pool.preparedQuery("SELECT " + CANNED_COLUMNS + " FROM canned_responses WHERE id = $1")
        .execute(Tuple.of(id))
        .map(AgentRepository::firstCanned);
  }

  /** Inserts a canned response; fails with a unique violation (23505) when the owner already has the shortcut. */
  Future<JsonObject> insertCanned(UUID ownerId, String shortcut, String language, String text) {
    return pool.preparedQuery("INSERT INTO canned_responses (id, owner_id, shortcut, language, text)"
            + " VALUES ($1, $2, $3, $4, $5) RETURNING " + CANNED_COLUMNS)
        .execute(Tuple.of(UUID.randomUUID(), ownerId, shortcut, language, text))
        .map(rows -> toCanned(rows.iterator().next()));
  }

  Future<Optional<JsonObject>> updateCanned(UUID id, String shortcut, String language, String text) {
    return pool.preparedQuery("UPDATE canned_responses SET shortcut = $2, language = $3, text = $4,"
            + " updated_at = now() WHERE id = $1 RETURNING " + CANNED_COLUMNS)
        .execute(Tuple.of(id, shortcut, language, text))
        .map(AgentRepository::firstCanned);
  }

  Future<Boolean> deleteCanned(UUID id) {
    return pool.preparedQuery("DELETE FROM canned_responses WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.rowCount() == 1);
  }

  private static Optional<JsonObject> firstCanned(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(toCanned(rows.iterator().next()));
  }

  private static JsonObject toCanned(Row row) {
    UUID owner = row.getUUID("owner_id");
    return new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("scope", owner == null ? "shared" : "personal")
        .put("ownerId", owner == null ? null : owner.toString())
        .put("shortcut", row.getString("shortcut"))
        .put("language", row.getString("language"))
        .put("text", row.getString("text"))
        .put("updatedAt", row.getOffsetDateTime("updated_at").toInstant().toString());
  }

  static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    array.forEach(value -> out.add(String.valueOf(value)));
    return out;
  }
}
