package io.switchboard.security;

import io.switchboard.persistence.AccountRepository;
import io.vertx.core.Future;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Creating accounts and checking credentials; hashing runs on worker threads. */
public final class AccountService {

  /**
   * A hash of a random password, verified against when the username is unknown so that a wrong username takes
   * as long as a wrong password and reveals nothing.
   */
  private final Future<String> decoyHash;

  private final AccountRepository accounts;
  private final PasswordHasher hasher;

  public AccountService(AccountRepository accounts, PasswordHasher hasher) {
    this.accounts = accounts;
    this.hasher = hasher;
    this.decoyHash = hasher.hash(java.util.UUID.randomUUID().toString());
  }

  /** The active account with these credentials, if they are right. */
  public Future<Optional<Account>> authenticate(String username, String password) {
    if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > PasswordHasher.MAX_PASSWORD_BYTES) {
      return Future.succeededFuture(Optional.empty());
    }
    return accounts.findByUsername(username)
        .compose(found -> (found.isPresent() ? Future.succeededFuture(found.get().passwordHash()) : decoyHash)
            .compose(hash -> hasher.verify(password, hash))
            .map(ok -> ok && found.isPresent() && found.get().active() ? found : Optional.<Account>empty()));
  }

  /**
   * The account with this id as it is stored now, if it still exists and is active: what a token refresh
   * re-reads, so that disabling or deleting an account, or changing its roles, reaches the next token.
   */
  public Future<Optional<Account>> active(UUID id) {
    return accounts.findById(id).map(found -> found.filter(Account::active));
  }

  public Future<Account> create(String username, String displayName, String password, Set<String> roles) {
    return hasher.hash(password).compose(hash -> accounts.insert(username, displayName, hash, roles));
  }

  /** Creates the account only if the username is free (demo content, idempotent across restarts). */
  public Future<Boolean> ensure(String username, String displayName, String password, Set<String> roles) {
    return accounts.exists(username)
        .compose(exists -> exists ? Future.succeededFuture(false)
            : hasher.hash(password).compose(hash -> accounts.insertIfAbsent(username, displayName, hash, roles)));
  }
}
