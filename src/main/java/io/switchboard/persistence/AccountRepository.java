package io.switchboard.persistence;

import io.switchboard.security.Account;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Agent, supervisor and admin accounts. Password hashes never leave this class except for verification. */
public final class AccountRepository {

  private static final String COLUMNS = "id, username, display_name, password_hash, roles, active";

  private final Pool pool;

  public AccountRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<Optional<Account>> findByUsername(String username) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM accounts WHERE username = $1")
        .execute(Tuple.of(username))
        .map(AccountRepository::firstAccount);
  }

  public Future<Optional<Account>> findById(UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM accounts WHERE id = $1")
        .execute(Tuple.of(id))
        .map(AccountRepository::firstAccount);
  }

  /** Inserts an account; fails with a unique violation if the username is taken. */
  public Future<Account> insert(String username, String displayName, String passwordHash, Set<String> roles) {
    UUID id = UUID.randomUUID();
    return pool.preparedQuery("INSERT INTO accounts (id, username, display_name, password_hash, roles)"
            + " VALUES ($1, $2, $3, $4, $5) RETURNING " + COLUMNS)
        .execute(Tuple.of(id, username, displayName, passwordHash, roles.toArray(String[]::new)))
        .map(rows -> toAccount(rows.iterator().next()));
  }

  /** Inserts the account unless the username exists; returns whether it was inserted. */
  public Future<Boolean> insertIfAbsent(String username, String displayName, String passwordHash, Set<String> roles) {
    return pool.preparedQuery("INSERT INTO accounts (id, username, display_name, password_hash, roles)"
            + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (username) DO NOTHING")
        .execute(Tuple.of(UUID.randomUUID(), username, displayName, passwordHash, roles.toArray(String[]::new)))
        .map(rows -> rows.rowCount() == 1);
  }

  public Future<Boolean> exists(String username) {
    return pool.preparedQuery("SELECT 1 FROM accounts WHERE username = $1")
        .execute(Tuple.of(username))
        .map(rows -> rows.size() > 0);
  }

  /** Enables or disables an account; empty when there is no such account. */
  public Future<Optional<Account>> setActive(UUID id, boolean active) {
    return pool.preparedQuery("UPDATE accounts SET active = $2 WHERE id = $1 RETURNING " + COLUMNS)
        .execute(Tuple.of(id, active))
        .map(AccountRepository::firstAccount);
  }

  public Future<List<Account>> list() {
    return pool.query("SELECT " + COLUMNS + " FROM accounts ORDER BY username")
        .execute()
        .map(rows -> {
          List<Account> out = new ArrayList<>(rows.size());
          rows.forEach(row -> out.add(toAccount(row)));
          return out;
        });
  }

  private static Optional<Account> firstAccount(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(toAccount(rows.iterator().next()));
  }

  private static Account toAccount(Row row) {
    return new Account(
        row.getUUID("id"),
        row.getString("username"),
        row.getString("display_name"),
        row.getString("password_hash"),
        Set.of(row.getArrayOfStrings("roles")),
        row.getBoolean("active"));
  }
}
