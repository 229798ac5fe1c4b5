package io.switchboard.testing;

import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.persistence.DatabaseServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One PostgreSQL server for the whole test run: embedded in a temporary directory by default, or the external
 * server named by {@code -Dswitchboard.test.databaseUrl=postgresql://user:pass@host:5432/db}.
 */
public final class TestDatabase {

  private static DatabaseServer server;

  private TestDatabase() {
  }

  public static synchronized DatabaseServer get() {
    if (server == null) {
      server = DatabaseServer.start(databaseConfig());
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-database-shutdown"));
    }
    return server;
  }

  private static SwitchboardConfig.DatabaseConfig databaseConfig() {
    String external = System.getProperty("switchboard.test.databaseUrl", "");
    try {
      Path dir = Files.createTempDirectory("switchboard-test-pg");
      return TestNodes.baseConfig().with(tree -> tree.getJsonObject("database")
          .put("url", external)
          .put("embeddedDataDir", dir.resolve("pgdata").toString())).database();
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temporary directory for the test database", e);
    }
  }

  /** Runs a query over JDBC and returns the first column of every row, to check what is really stored. */
  public static List<Object> column(String sql, Object... params) {
    try (Connection connection = get().openJdbc();
         PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        statement.setObject(i + 1, params[i]);
      }
      List<Object> out = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          out.add(rows.getObject(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("test query failed: " + sql + ": " + e.getMessage(), e);
    }
  }

  static ConfigLoader loader() {
    return new ConfigLoader(java.util.Map.of(), new java.util.Properties());
  }
}
