package io.switchboard.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.charset.StandardCharsets;

/**
 * bcrypt password hashing. Hashing costs tens of milliseconds by design, so it always runs on a worker thread,
 * never on an event loop.
 */
public final class PasswordHasher {

  /** bcrypt only reads the first 72 bytes; longer passwords are refused rather than silently truncated. */
  public static final int MAX_PASSWORD_BYTES = 72;

  private final Vertx vertx;
  private final int cost;

  public PasswordHasher(Vertx vertx, int cost) {
    this.vertx = vertx;
    this.cost = cost;
  }

  public Future<String> hash(String password) {
    byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_PASSWORD_BYTES) {
      return Future.failedFuture(new IllegalArgumentException(
          "password: longer than " + MAX_PASSWORD_BYTES + " bytes"));
    }
    return vertx.executeBlocking(() -> BCrypt.withDefaults().hashToString(cost, password.toCharArray()), false);
  }

  public Future<Boolean> verify(String password, String hash) {
    return vertx.executeBlocking(() -> BCrypt.verifyer().verify(password.toCharArray(), hash).verified, false);
  }
}
