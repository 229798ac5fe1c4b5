package io.switchboard.agent;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Routing profiles of the demo agents, so a demo shows language routing: agent speaks English, maria Spanish and
 * English, ivan Russian and English, three chats each. Idempotent: a profile that exists is left as it is.
 * Call {@link #load(Pool)} after the demo accounts exist.
 */
public final class DemoAgentProfiles {

  private static final Logger LOG = LoggerFactory.getLogger(DemoAgentProfiles.class);
  private static final int MAX_CHATS = 3;

  /** A demo agent's username and languages. */
  public record Profile(String username, List<String> languages) {
  }

  public static final List<Profile> PROFILES = List.of(
      new Profile("agent", List.of("en")),
      new Profile("maria", List.of("es", "en")),
      new Profile("ivan", List.of("ru", "en")));

  private DemoAgentProfiles() {
  }

  public static Future<Void> load(Pool pool) {
    AgentRepository repository = new AgentRepository(pool);
    Future<Void> chain = Future.succeededFuture();
    for (Profile profile : PROFILES) {
      chain = chain.compose(ignored -> repository.ensureProfile(profile.username(), profile.languages(), MAX_CHATS)
          .onSuccess(created -> {
            if (created) {
              LOG.info("Demo agent profile '{}' created: {}", profile.username(), profile.languages());
            }
          })
          .mapEmpty());
    }
    return chain;
  }
}
