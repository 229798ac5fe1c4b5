package io.switchboard.persistence;

import io.switchboard.config.ConfigException;
import io.switchboard.config.SwitchboardConfig.DatabaseConfig;
import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The PostgreSQL server Switchboard talks to: an external one when {@code database.url} or {@code database.host}
 * is set, otherwise an embedded one whose data directory survives restarts. Starting is blocking and happens
 * before Vert.x is created.
 */
public final class DatabaseServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseServer.class);

  private final PgConnectOptions connectOptions;
  private final EmbeddedPostgres embedded;

  private DatabaseServer(PgConnectOptions connectOptions, EmbeddedPostgres embedded) {
    this.connectOptions = connectOptions;
    this.embedded = embedded;
  }

  /** Starts (embedded) or reaches (external) the database and checks that a connection can be opened. */
  public static DatabaseServer start(DatabaseConfig config) {
    DatabaseServer server = config.external() ? external(config) : embedded(config);
    server.checkReachable(config);
    return server;
  }

  private static DatabaseServer external(DatabaseConfig config) {
    PgConnectOptions options;
    if (!config.url().isBlank()) {
      try {
        options = PgConnectOptions.fromUri(config.url());
      } catch (RuntimeException e) {
        throw new ConfigException("database.url (SWITCHBOARD_DATABASE_URL): not a PostgreSQL URL such as "
            + "postgresql://user:password@host:5432/switchboard: " + e.getMessage(), e);
      }
      if (options.getUser() == null || options.getUser().isBlank()) {
        options.setUser(config.user());
      }
      if (options.getPassword() == null || options.getPassword().isBlank()) {
        options.setPassword(config.password());
      }
    } else {
      options = new PgConnectOptions()
          .setHost(config.host())
          .setPort(config.port())
          .setDatabase(config.name())
          .setUser(config.user())
          .setPassword(config.password());
    }
    LOG.info("Using external PostgreSQL at {}:{}/{}", options.getHost(), options.getPort(), options.getDatabase());
    return new DatabaseServer(options, null);
  }

  private static DatabaseServer embedded(DatabaseConfig config) {
    Path dataDir = Path.of(config.embeddedDataDir()).toAbsolutePath();
    try {
      Files.createDirectories(dataDir.getParent());
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false);
      if (config.embeddedPort() > 0) {
        builder.setPort(config.embeddedPort());
      }
      EmbeddedPostgres postgres = builder.start();
      LOG.info("Embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), dataDir);
      PgConnectOptions options = new PgConnectOptions()
          .setHost("localhost")
          .setPort(postgres.getPort())
          .setDatabase("postgres")
          .setUser("postgres")
          .setPassword("postgres");
      return new DatabaseServer(options, postgres);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("database.embeddedDataDir (SWITCHBOARD_DATABASE_EMBEDDED_DATA_DIR): cannot start "
          + "the embedded PostgreSQL in " + dataDir + ": " + rootMessage(e), e);
    }
  }

  private void checkReachable(DatabaseConfig config) {
    DriverManager.setLoginTimeout(Math.max(1, config.connectTimeoutMs() / 1000));
    try (Connection ignored = openJdbc()) {
      LOG.debug("Database reachable");
    } catch (SQLException e) {
      close();
      String setting = config.url().isBlank() ? "database.host (SWITCHBOARD_DATABASE_HOST)"
          : "database.url (SWITCHBOARD_DATABASE_URL)";
      throw new ConfigException(setting + ": cannot connect to PostgreSQL at " + connectOptions.getHost() + ":"
          + connectOptions.getPort() + "/" + connectOptions.getDatabase() + ": " + rootMessage(e), e);
    }
  }

  /** A plain JDBC connection, for migrations only; the running gateway uses the reactive pool. */
  public Connection openJdbc() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), connectOptions.getUser(), connectOptions.getPassword());
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + connectOptions.getHost() + ":" + connectOptions.getPort() + "/"
        + connectOptions.getDatabase();
  }

  /**
   * How the reactive pools connect. Statements are prepared once per connection and cached, including long ones
   * (the client's default skips statements over 2,048 characters, such as the event append, which then cost a
   * parse and a plan on every execution). Every connection asks for generic plans: the hot statements are key
   * look-ups whose plan never depends on the parameters, and PostgreSQL's default would re-plan them each time.
   */
  public PgConnectOptions connectOptions() {
    PgConnectOptions options = new PgConnectOptions(connectOptions)
        .addProperty("plan_cache_mode", "force_generic_plan");
    options.setCachePreparedStatements(true).setPreparedStatementCacheSqlLimit(MAX_CACHED_STATEMENT_LENGTH);
    return options;
  }

  /** Longer than any statement Switchboard sends; the cache is still bounded by its entry count. */
  private static final int MAX_CACHED_STATEMENT_LENGTH = 16_384;

  public boolean isEmbedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
    }
  }

  static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
