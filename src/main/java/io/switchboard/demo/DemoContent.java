package io.switchboard.demo;

import io.switchboard.security.AccountService;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;

/**
 * Demo content loaded by {@code run --demo}: accounts whose credentials the README states. Loading is
 * idempotent, so restarting on the same data directory changes nothing.
 */
public final class DemoContent {

  private static final Logger LOG = LoggerFactory.getLogger(DemoContent.class);

  /** A demo account: username, display name, password, roles. */
  public record DemoAccount(String username, String displayName, String password, Set<String> roles) {
  }

  public static final List<DemoAccount> ACCOUNTS = List.of(
      new DemoAccount("admin", "Ada Admin", "demo-admin-pass", Set.of("admin")),
      new DemoAccount("supervisor", "Sam Supervisor", "demo-supervisor-pass", Set.of("supervisor")),
      new DemoAccount("agent", "Alex Agent", "demo-agent-pass", Set.of("agent")),
      new DemoAccount("maria", "María García", "demo-agent-pass", Set.of("agent")),
      new DemoAccount("ivan", "Иван Петров", "demo-agent-pass", Set.of("agent")));

  private final AccountService accounts;

  public DemoContent(AccountService accounts) {
    this.accounts = accounts;
  }

  public Future<Void> load() {
    Future<Void> chain = Future.succeededFuture();
    for (DemoAccount account : ACCOUNTS) {
      chain = chain.compose(ignored -> accounts
          .ensure(account.username(), account.displayName(), account.password(), account.roles())
          .onSuccess(created -> {
            if (created) {
              LOG.info("Demo account '{}' created", account.username());
            }
          })
          .mapEmpty());
    }
    return chain;
  }
}
