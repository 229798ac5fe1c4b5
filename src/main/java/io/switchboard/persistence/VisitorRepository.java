package io.switchboard.persistence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/** Anonymous visitors, identified by the id inside their signed token. */
public final class VisitorRepository {

  private final Pool pool;

  public VisitorRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<UUID> create(String locale) {
    UUID id = UUID.randomUUID();
    return pool.preparedQuery("INSERT INTO visitors (id, locale) VALUES ($1, $2)")
        .execute(Tuple.of(id, locale))
        .map(ignored -> id);
  }

  /**
   * Records that a visitor is back; returns false when the visitor no longer exists (erased), so a token
   * that outlived its data opens nothing.
   */
  public Future<Boolean> touch(UUID visitorId, String locale) {
    return pool.preparedQuery("UPDATE visitors SET last_seen_at = now(), locale = coalesce($2, locale) WHERE id = $1")
        .execute(Tuple.of(visitorId, locale))
        .map(rows -> rows.rowCount() == 1);
  }
}
