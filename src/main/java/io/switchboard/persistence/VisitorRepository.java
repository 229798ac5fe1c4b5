package io.switchboard.persistence;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * Visitors, identified by the id inside their signed token. {@code attributes} holds what the host page said about
 * them (name, e-mail, external id); writers merge into it: given keys overwrite, others keep their value.
 */
public final class VisitorRepository {

  private final Pool pool;

  public VisitorRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<UUID> create(String locale) {
    return create(locale, new JsonObject());
  }

  public Future<UUID> create(String locale, JsonObject attributes) {
    UUID id = UUID.randomUUID();
    return pool.preparedQuery("INSERT INTO visitors (id, locale, attributes) VALUES ($1, $2, $3::jsonb)")
        .execute(Tuple.of(id, locale, attributes))
        .map(ignored -> id);
  }

  /**
   * Records that a visitor is back and merges {@code attributes} into theirs (empty: keep them); returns false
   * when the visitor no longer exists (erased), so a token that outlived its data opens nothing.
   */
  public Future<Boolean> touch(UUID visitorId, String locale, JsonObject attributes) {
    return pool.preparedQuery("UPDATE visitors SET last_seen_at = now(), locale = coalesce($2, locale),"
            + " attributes = attributes || $3::jsonb WHERE id = $1")
        .execute(Tuple.of(visitorId, locale, attributes))
        .map(rows -> rows.rowCount() == 1);
  }
}
