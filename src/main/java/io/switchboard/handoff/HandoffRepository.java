package io.switchboard.handoff;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
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
 * Every SQL statement of hand-offs, queues and presence. Statements that must not race across nodes lock rows:
 * the dispatcher takes the best waiting hand-off and the best agent with {@code FOR UPDATE SKIP LOCKED}, so two
 * nodes dispatching at once never pick the same hand-off or fill the same agent's last slot.
 */
final class HandoffRepository {

  private static final String COLUMNS = "h.id, h.conversation_id, h.queue_id, h.state, h.reason, h.language, h.skill,"
      + " h.frustration, h.enqueued_at, h.front, h.offered_to, h.offer_expires_at, h.assigned_to, h.packet";

  /** Chats that occupy an agent: offered (reserved) and assigned. Wrap-up does not block new chats. */
  private static final String LOAD_OF_P = "(SELECT count(*) FROM handoffs x WHERE (x.state = 'offered' AND"
      + " x.offered_to = p.account_id) OR (x.state = 'assigned' AND x.assigned_to = p.account_id))";

  private static final String PRIORITY = "(CASE WHEN h.front THEN " + (long) PriorityPolicy.FRONT_BONUS
      + " ELSE 0 END + h.frustration * $1 + extract(epoch FROM now() - h.enqueued_at) / 60.0 * $2)";

  /** A waiting hand-off with the agent chosen for it. */
  record Match(Handoff handoff, UUID agentId, String agentName) {
  }

  /** An offer that expired, and the agent who let it. */
  record Missed(Handoff handoff, UUID agentId) {
  }

  /** One row of the live queue view, in priority order. */
  record Waiting(Handoff handoff, double priority) {
  }

  /** Capacity of the agents who can serve a language: free and busy chat slots of available agents. */
  record Capacity(int freeSlots, int busySlots) {
  }

  /** An agent's routing facts and live load. */
  record AgentState(UUID id, String username, String name, boolean available, boolean online, int load,
                    int maxChats, List<String> languages, List<String> skills) {
  }

  // ---- queues ----

  Future<String> chooseQueue(SqlClient client, String language, String skill) {
    return client.preparedQuery("SELECT id FROM queues WHERE $1 = ANY(languages)"
            + " ORDER BY ($2::text IS NOT NULL AND $2 = ANY(skills)) DESC, cardinality(skills), id LIMIT 1")
        .execute(Tuple.of(language, skill))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("id"));
  }

  Future<Boolean> queueExists(SqlClient client, String queueId) {
    return client.preparedQuery("SELECT 1 FROM queues WHERE id = $1").execute(Tuple.of(queueId))
        .map(rows -> rows.size() == 1);
  }

  // ---- escalation ----

  /** Inserts a queued hand-off unless the conversation already has a live one; empty if it had. */
  Future<Optional<Handoff>> insertQueued(SqlClient client, UUID conversationId, String queueId, String reason,
                                         String language, String skill, double frustration, JsonObject packet) {
    return client.preparedQuery("INSERT INTO handoffs AS h (id, conversation_id, queue_id, state, reason, language,"
            + " skill, frustration, packet) VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, $8)"
            + " ON CONFLICT (conversation_id) WHERE state NOT IN ('closed') DO NOTHING RETURNING " + COLUMNS)
        .execute(Tuple.tuple().addUUID(UUID.randomUUID()).addUUID(conversationId).addString(queueId)
            .addString(reason).addString(language).addString(skill).addValue((float) frustration)
            .addJsonObject(packet))
        .map(HandoffRepository::first);
  }

  /** Whether any available, heard-from agent speaks the language. */
  Future<Boolean> anyAgentFor(SqlClient client, String language, long graceMs) {
    return client.preparedQuery("SELECT 1 FROM agent_presence p JOIN agent_profiles a USING (account_id)"
            + " WHERE p.available AND p.last_seen_at > now() - make_interval(secs => $2 / 1000.0)"
            + " AND $1 = ANY(a.languages) LIMIT 1")
        .execute(Tuple.of(language, graceMs))
        .map(rows -> rows.size() > 0);
  }

  Future<Optional<Handoff>> markOffline(SqlClient client, UUID handoffId, String why) {
    return client.preparedQuery("UPDATE handoffs h SET state = 'offline', offered_to = NULL, offer_expires_at = NULL,"
            + " packet = packet || jsonb_build_object('offlineReason', $2::text), updated_at = now()"
            + " WHERE id = $1 AND state = 'queued' RETURNING " + COLUMNS)
        .execute(Tuple.of(handoffId, why))
        .map(HandoffRepository::first);
  }

  Future<Boolean> updateFrustration(SqlClient client, UUID conversationId, double frustration) {
    return client.preparedQuery("UPDATE handoffs SET frustration = $2 WHERE conversation_id = $1"
            + " AND state IN ('queued', 'offered') AND frustration <> $2")
        .execute(Tuple.of(conversationId, (float) frustration))
        .map(rows -> rows.rowCount() > 0);
  }

  // ---- dispatching ----

  /**
   * Locks the highest-priority waiting hand-off not in {@code skip} and not in a language nobody can take now
   * ({@code exhausted}), so one dispatch round does not walk a long queue that no agent can serve.
   */
  Future<Optional<Handoff>> lockBestWaiting(SqlClient client, PriorityPolicy policy, List<UUID> skip,
                                            List<String> exhausted) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM handoffs h WHERE h.state = 'queued'"
            + " AND NOT (h.id = ANY($3)) AND NOT (h.language = ANY($4)) ORDER BY " + PRIORITY + " DESC, h.enqueued_at"
            + " FOR UPDATE SKIP LOCKED LIMIT 1")
        .execute(Tuple.of(policy.frustrationWeight(), policy.agingPerMinute(), skip.toArray(UUID[]::new),
            exhausted.toArray(String[]::new)))
        .map(HandoffRepository::first);
  }

  /**
   * Locks the best agent for a hand-off: available, heard from within the grace period, speaks its language,
   * below capacity, did not decline it; skilled agents first, then fewest chats, then longest idle. The agent
   * who just missed this offer comes last.
   */
  Future<Optional<Match>> lockBestAgent(SqlClient client, Handoff handoff, List<UUID> declined, UUID lastOffered,
                                        long graceMs) {
    String sql = "SELECT p.account_id, acc.display_name FROM agent_presence p"
        + " JOIN agent_profiles a ON a.account_id = p.account_id JOIN accounts acc ON acc.id = p.account_id"
        + " WHERE p.available AND acc.active AND p.last_seen_at > now() - make_interval(secs => $5 / 1000.0)"
        + " AND $1 = ANY(a.languages) AND NOT (p.account_id = ANY($3))"
        + " AND " + LOAD_OF_P + " < a.max_chats"
        + " ORDER BY ($2::text IS NOT NULL AND $2 = ANY(a.skills)) DESC,"
        + " (p.account_id IS NOT DISTINCT FROM $4::uuid) ASC, " + LOAD_OF_P + " ASC, p.idle_since ASC"
        + " FOR UPDATE OF p SKIP LOCKED LIMIT 1";
    return client.preparedQuery(sql)
        .execute(Tuple.of(handoff.language(), handoff.skill(), declined.toArray(UUID[]::new), lastOffered, graceMs))
        .map(rows -> {
          if (rows.size() == 0) {
            return Optional.empty();
          }
          Row row = rows.iterator().next();
          return Optional.of(new Match(handoff, row.getUUID("account_id"), row.getString("display_name")));
        });
  }

  Future<List<UUID>> declinedBy(SqlClient client, UUID handoffId) {
    return client.preparedQuery("SELECT declined_by, last_offered_to FROM handoffs WHERE id = $1")
        .execute(Tuple.of(handoffId))
        .map(rows -> {
          Row row = rows.iterator().next();
          UUID[] declined = row.getArrayOfUUIDs("declined_by");
          return declined == null ? List.of() : List.of(declined);
        });
  }

  Future<UUID> lastOfferedTo(SqlClient client, UUID handoffId) {
    return client.preparedQuery("SELECT last_offered_to FROM handoffs WHERE id = $1").execute(Tuple.of(handoffId))
        .map(rows -> rows.iterator().next().getUUID("last_offered_to"));
  }

  Future<Handoff> offer(SqlClient client, UUID handoffId, UUID agentId, long offerTimeoutMs) {
    return client.preparedQuery("UPDATE handoffs h SET state = 'offered', offered_to = $2,"
            + " offer_expires_at = now() + make_interval(secs => $3 / 1000.0), updated_at = now()"
            + " WHERE id = $1 AND state = 'queued' RETURNING " + COLUMNS)
        .execute(Tuple.of(handoffId, agentId, offerTimeoutMs))
        .map(rows -> first(rows).orElseThrow());
  }

  // ---- agent actions ----

  Future<Optional<Handoff>> accept(SqlClient client, UUID handoffId, UUID agentId) {
    return client.preparedQuery("UPDATE handoffs h SET state = 'assigned', assigned_to = $2, assigned_at = now(),"
            + " offered_to = NULL, offer_expires_at = NULL, front = FALSE, updated_at = now()"
            + " WHERE id = $1 AND state = 'offered' AND offered_to = $2 AND offer_expires_at > now()"
            + " RETURNING " + COLUMNS)
        .execute(Tuple.of(handoffId, agentId))
        .map(HandoffRepository::first);
  }

  Future<Optional<Handoff>> decline(SqlClient client, UUID handoffId, UUID agentId) {
    return client.preparedQuery("UPDATE handoffs h SET state = 'queued', offered_to = NULL, offer_expires_at = NULL,"
            + " declined_by = array_append(declined_by, $2), last_offered_to = $2, updated_at = now()"
            + " WHERE id = $1 AND state = 'offered' AND offered_to = $2 RETURNING " + COLUMNS)
        .execute(Tuple.of(handoffId, agentId))
        .map(HandoffRepository::first);
  }

  /**
   * Locks the agent's presence row (serialises capacity decisions for that agent) and returns load and limit.
   * The load is counted by a second statement, after the lock is held: under READ COMMITTED a statement that
   * waited for the lock still sees the snapshot from before it waited, so counting in the locking statement
   * would miss the chat that the lock holder just gave this agent.
   */
  Future<Optional<int[]>> lockAgentLoad(SqlClient client, UUID agentId) {
    return client.preparedQuery("SELECT 1 FROM agent_presence WHERE account_id = $1 FOR UPDATE")
        .execute(Tuple.of(agentId))
        .compose(locked -> locked.size() == 0 ? Future.succeededFuture(Optional.empty())
            : client.preparedQuery("SELECT " + LOAD_OF_P + " AS load, a.max_chats FROM agent_presence p"
                    + " JOIN agent_profiles a ON a.account_id = p.account_id WHERE p.account_id = $1")
                .execute(Tuple.of(agentId))
                .map(rows -> {
                  if (rows.size() == 0) {
                    return Optional.<int[]>empty();
                  }
                  Row row = rows.iterator().next();
                  return Optional.of(new int[] {row.getLong("load").intValue(), row.getInteger("max_chats")});
                }));
  }

  Future<Optional<Handoff>> pick(SqlClient client, UUID handoffId, UUID agentId) {
    return client.preparedQuery("UPDATE handoffs h SET state = 'assigned', assigned_to = $2, assigned_at = now(),"
            + " offered_to = NULL, offer_expires_at = NULL, front = FALSE, updated_at = now()"
            + " WHERE id = $1 AND state IN ('queued', 'offline') RETURNING " + COLUMNS)
        .execute(Tuple.of(handoffId, agentId))
        .map(HandoffRepository::first);
  }

  /**
   * Whether the agent owns the conversation (assigned; in wrap-up too when asked), share-locking the hand-off for
   * the rest of the transaction: owner changes lock it for update, so they wait for the caller's commit.
   */
  Future<Boolean> lockForWriting(SqlClient client, UUID conversationId, UUID agentId, boolean inWrapUpToo) {
    return client.preparedQuery("SELECT 1 FROM handoffs WHERE conversation_id = $1 AND assigned_to = $2"
            + " AND (state = 'assigned' OR ($3 AND state = 'wrap_up')) FOR SHARE")
        .execute(Tuple.of(conversationId, agentId, inWrapUpToo))
        .map(rows -> rows.size() > 0);
  }

  Future<Optional<Handoff>> lockOwned(SqlClient client, UUID conversationId, UUID agentId) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM handoffs h WHERE conversation_id = $1"
            + " AND state = 'assigned' AND assigned_to = $2 FOR UPDATE")
        .execute(Tuple.of(conversationId, agentId))
        .map(HandoffRepository::first);
  }

  Future<Handoff> requeue(SqlClient client, UUID handoffId, String queueId, boolean front, JsonObject packetPatch) {
    return client.preparedQuery("UPDATE handoffs h SET state = 'queued', queue_id = $2, front = $3,"
            + " assigned_to = NULL, offered_to = NULL, offer_expires_at = NULL, packet = packet || $4,"
            + " updated_at = now() WHERE id = $1 RETURNING " + COLUMNS)
        .execute(Tuple.of(handoffId, queueId, front, packetPatch))
        .map(rows -> first(rows).orElseThrow());
  }

  Future<Handoff> offerTo(SqlClient client, UUID handoffId, UUID agentId, long offerTimeoutMs, JsonObject patch) {
    return client.preparedQuery("UPDATE handoffs h SET state = 'offered', offered_to = $2, assigned_to = NULL,"
            + " offer_expires_at = now() + make_interval(secs => $3 / 1000.0), packet = packet || $4,"
            + " updated_at = now() WHERE id = $1 RETURNING " + COLUMNS)
        .execute(Tuple.of(handoffId, agentId, offerTimeoutMs, patch))
        .map(rows -> first(rows).orElseThrow());
  }

  Future<Handoff> wrapUp(SqlClient client, UUID handoffId, String resolution) {
    return client.preparedQuery("UPDATE handoffs h SET state = 'wrap_up', resolution = $2, closed_at = now(),"
            + " updated_at = now() WHERE id = $1 RETURNING " + COLUMNS)
        .execute(Tuple.of(handoffId, resolution))
        .map(rows -> first(rows).orElseThrow());
  }

  Future<Integer> finishWrapUps(SqlClient client, UUID agentId, long wrapUpMs) {
    return client.preparedQuery("UPDATE handoffs SET state = 'closed', updated_at = now() WHERE state = 'wrap_up'"
            + " AND ((assigned_to = $1) OR closed_at < now() - make_interval(secs => $2 / 1000.0))")
        .execute(Tuple.of(agentId, wrapUpMs))
        .map(RowSet::rowCount);
  }

  Future<Optional<Handoff>> leaveOfflineMessage(SqlClient client, UUID conversationId, String message, String email) {
    return client.preparedQuery("UPDATE handoffs h SET offline_message = $2, offline_email = $3, updated_at = now()"
            + " WHERE conversation_id = $1 AND state = 'offline' RETURNING " + COLUMNS)
        .execute(Tuple.of(conversationId, message, email))
        .map(HandoffRepository::first);
  }

  // ---- presence ----

  Future<Void> ensureAgent(SqlClient client, UUID agentId) {
    return client.preparedQuery("INSERT INTO agent_profiles (account_id) VALUES ($1) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(agentId))
        .compose(ignored -> client.preparedQuery("INSERT INTO agent_presence (account_id) VALUES ($1)"
            + " ON CONFLICT DO NOTHING").execute(Tuple.of(agentId)))
        .mapEmpty();
  }

  Future<Void> setAvailable(SqlClient client, UUID agentId, boolean available) {
    return client.preparedQuery("UPDATE agent_presence SET available = $2, last_seen_at = now(),"
            + " idle_since = CASE WHEN $2 AND NOT available THEN now() ELSE idle_since END WHERE account_id = $1")
        .execute(Tuple.of(agentId, available))
        .mapEmpty();
  }

  Future<Void> heartbeat(SqlClient client, List<UUID> agentIds) {
    return client.preparedQuery("UPDATE agent_presence SET last_seen_at = now() WHERE account_id = ANY($1)")
        .execute(Tuple.of(agentIds.toArray(UUID[]::new)))
        .mapEmpty();
  }

  // ---- sweeps: timers kept as timestamps, acted on by whichever node gets there first ----

  /** Expired offers go back to the queue; returns them with the agent who missed each. */
  Future<List<Missed>> expireOffers(SqlClient client) {
    return client.preparedQuery("UPDATE handoffs h SET state = 'queued', last_offered_to = offered_to,"
            + " offered_to = NULL, offer_expires_at = NULL, updated_at = now() WHERE id IN (SELECT id FROM handoffs"
            + " WHERE state = 'offered' AND offer_expires_at < now() FOR UPDATE SKIP LOCKED)"
            + " RETURNING " + COLUMNS + ", h.last_offered_to AS missed_by")
        .execute()
        .map(rows -> {
          List<Missed> out = new ArrayList<>(rows.size());
          rows.forEach(row -> out.add(new Missed(toHandoff(row), row.getUUID("missed_by"))));
          return out;
        });
  }

  Future<Void> setAway(SqlClient client, List<UUID> agentIds) {
    return client.preparedQuery("UPDATE agent_presence SET available = FALSE WHERE account_id = ANY($1)")
        .execute(Tuple.of(agentIds.toArray(UUID[]::new)))
        .mapEmpty();
  }

  /** Chats of agents unheard of for longer than the grace period go back to the front of the queue. */
  Future<List<Handoff>> requeueFromLostAgents(SqlClient client, long graceMs) {
    return client.preparedQuery("UPDATE handoffs h SET state = 'queued', front = TRUE, assigned_to = NULL,"
            + " offered_to = NULL, offer_expires_at = NULL, updated_at = now() WHERE h.id IN ("
            + " SELECT x.id FROM handoffs x JOIN agent_presence p"
            + " ON p.account_id = coalesce(x.assigned_to, x.offered_to)"
            + " WHERE x.state IN ('assigned', 'offered')"
            + " AND p.last_seen_at < now() - make_interval(secs => $1 / 1000.0) FOR UPDATE OF x SKIP LOCKED)"
            + " RETURNING " + COLUMNS)
        .execute(Tuple.of(graceMs))
        .map(HandoffRepository::all);
  }

  Future<Void> markLostAgentsAway(SqlClient client, long graceMs) {
    return client.preparedQuery("UPDATE agent_presence SET available = FALSE WHERE available"
            + " AND last_seen_at < now() - make_interval(secs => $1 / 1000.0)")
        .execute(Tuple.of(graceMs))
        .mapEmpty();
  }

  /** Hand-offs that waited past their queue's maximum wait. */
  Future<List<Handoff>> overdue(SqlClient client) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM handoffs h JOIN queues q ON q.id = h.queue_id"
            + " WHERE h.state = 'queued' AND h.enqueued_at < now() - make_interval(secs => q.max_wait_seconds)"
            + " FOR UPDATE OF h SKIP LOCKED")
        .execute()
        .map(HandoffRepository::all);
  }

  // ---- views ----

  Future<List<Waiting>> waiting(SqlClient client, PriorityPolicy policy) {
    return client.preparedQuery("SELECT " + COLUMNS + ", " + PRIORITY + " AS priority FROM handoffs h"
            + " WHERE h.state IN ('queued', 'offered') ORDER BY priority DESC, h.enqueued_at")
        .execute(Tuple.of(policy.frustrationWeight(), policy.agingPerMinute()))
        .map(rows -> {
          List<Waiting> out = new ArrayList<>(rows.size());
          rows.forEach(row -> out.add(new Waiting(toHandoff(row), row.getDouble("priority"))));
          return out;
        });
  }

  Future<Capacity> capacity(SqlClient client, String language, long graceMs) {
    return client.preparedQuery("SELECT coalesce(sum(greatest(a.max_chats - l.load, 0)), 0) AS free,"
            + " coalesce(sum(l.load), 0) AS busy FROM agent_presence p JOIN agent_profiles a USING (account_id)"
            + " CROSS JOIN LATERAL (SELECT " + LOAD_OF_P + " AS load) l"
            + " WHERE p.available AND p.last_seen_at > now() - make_interval(secs => $2 / 1000.0)"
            + " AND $1 = ANY(a.languages)")
        .execute(Tuple.of(language, graceMs))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Capacity(row.getLong("free").intValue(), row.getLong("busy").intValue());
        });
  }

  Future<Double> averageHandleSeconds(SqlClient client, int fallback) {
    return client.preparedQuery("SELECT avg(extract(epoch FROM closed_at - assigned_at)) AS seconds FROM ("
            + " SELECT closed_at, assigned_at FROM handoffs WHERE closed_at IS NOT NULL AND assigned_at IS NOT NULL"
            + " ORDER BY closed_at DESC LIMIT 50) recent")
        .execute()
        .map(rows -> {
          Object value = rows.iterator().next().getValue("seconds");
          return value == null ? fallback : ((Number) value).doubleValue();
        });
  }

  Future<List<Handoff>> ownedBy(SqlClient client, UUID agentId) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM handoffs h WHERE (h.assigned_to = $1"
            + " AND h.state IN ('assigned', 'wrap_up')) OR (h.offered_to = $1 AND h.state = 'offered')")
        .execute(Tuple.of(agentId))
        .map(HandoffRepository::all);
  }

  Future<Optional<Handoff>> liveFor(SqlClient client, UUID conversationId) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM handoffs h WHERE conversation_id = $1"
            + " AND state <> 'closed'")
        .execute(Tuple.of(conversationId))
        .map(HandoffRepository::first);
  }

  Future<List<AgentState>> agents(SqlClient client, long graceMs) {
    return client.preparedQuery("SELECT acc.id, acc.username, acc.display_name, coalesce(p.available, FALSE) AS available,"
            + " coalesce(p.last_seen_at > now() - make_interval(secs => $1 / 1000.0), FALSE) AS online,"
            + " (SELECT count(*) FROM handoffs x WHERE (x.state = 'offered' AND x.offered_to = acc.id)"
            + " OR (x.state = 'assigned' AND x.assigned_to = acc.id)) AS load,"
            + " coalesce(a.max_chats, 3) AS max_chats, coalesce(a.languages, '{en}') AS languages,"
            + " coalesce(a.skills, '{}') AS skills FROM accounts acc LEFT JOIN agent_profiles a ON a.account_id = acc.id"
            + " LEFT JOIN agent_presence p ON p.account_id = acc.id WHERE acc.active AND 'agent' = ANY(acc.roles)"
            + " ORDER BY acc.username")
        .execute(Tuple.of(graceMs))
        .map(rows -> {
          List<AgentState> out = new ArrayList<>();
          rows.forEach(row -> out.add(new AgentState(row.getUUID("id"), row.getString("username"),
              row.getString("display_name"), row.getBoolean("available"), row.getBoolean("online"),
              row.getLong("load").intValue(), row.getInteger("max_chats"),
              List.of(row.getArrayOfStrings("languages")), List.of(row.getArrayOfStrings("skills")))));
          return out;
        });
  }

  // ---- mapping ----

  private static Optional<Handoff> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(toHandoff(rows.iterator().next()));
  }

  private static List<Handoff> all(RowSet<Row> rows) {
    List<Handoff> out = new ArrayList<>(rows.size());
    rows.forEach(row -> out.add(toHandoff(row)));
    return out;
  }

  static Handoff toHandoff(Row row) {
    return new Handoff(
        row.getUUID("id"),
        row.getUUID("conversation_id"),
        row.getString("queue_id"),
        HandoffState.fromCode(row.getString("state")),
        row.getString("reason"),
        row.getString("language"),
        row.getString("skill"),
        row.getFloat("frustration"),
        instant(row.getOffsetDateTime("enqueued_at")),
        row.getBoolean("front"),
        row.getUUID("offered_to"),
        instant(row.getOffsetDateTime("offer_expires_at")),
        row.getUUID("assigned_to"),
        row.getJsonObject("packet"));
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
