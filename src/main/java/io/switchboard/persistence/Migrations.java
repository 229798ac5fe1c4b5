package io.switchboard.persistence;

import io.switchboard.config.ConfigException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations (Flyway, {@code src/main/resources/db/migration}). They run over JDBC before the
 * event loops start, the same way on the embedded and on an external server.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {
  }

  /** Applies pending migrations and returns the schema version now in place. */
  public static String migrate(DatabaseServer server) {
    var options = server.connectOptions();
    Flyway flyway = Flyway.configure()
        .dataSource(server.jdbcUrl(), options.getUser(), options.getPassword())
        .locations("classpath:db/migration")
        .load();
    try {
      var result = flyway.migrate();
      MigrationVersion current = flyway.info().current().getVersion();
      LOG.info("Schema at version {} ({} migration(s) applied now)", current, result.migrationsExecuted);
      return current.getVersion();
    } catch (FlywayException e) {
      throw new ConfigException("database: schema migration failed: " + DatabaseServer.rootMessage(e), e);
    }
  }
}
