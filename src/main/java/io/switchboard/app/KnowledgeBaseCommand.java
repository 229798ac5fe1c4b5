package io.switchboard.app;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.kb.ArticleInput;
import io.switchboard.kb.ImportResult;
import io.switchboard.kb.KnowledgeBaseImport;
import io.switchboard.kb.KnowledgeBaseRepository;
import io.switchboard.persistence.DatabaseServer;
import io.switchboard.persistence.Migrations;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code import-kb}: reads the files first (a bad file changes nothing), then starts or reaches the configured
 * database exactly as {@code run} does, migrates it, upserts the articles and stops. Blocking: command line only.
 */
final class KnowledgeBaseCommand {

  private KnowledgeBaseCommand() {
  }

  static ImportResult importFiles(SwitchboardConfig config, Path source) {
    List<ArticleInput> articles = KnowledgeBaseImport.read(source);
    try (DatabaseServer database = DatabaseServer.start(config.database())) {
      Migrations.migrate(database);
      Vertx vertx = Vertx.vertx();
      try {
        Pool pool = PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(2))
            .connectingTo(database.connectOptions())
            .using(vertx)
            .build();
        return Gateway.await(new KnowledgeBaseRepository(pool).upsertAll(articles), "importing " + source);
      } finally {
        Gateway.await(vertx.close(), "stopping Vert.x");
      }
    }
  }
}
