package io.switchboard.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.sqlclient.Pool;

/**
 * {@code /health}: the process answers (liveness). {@code /ready}: the database answers and its schema is at the
 * version this build migrated to (readiness). {@code /metrics}: Prometheus text format.
 */
public final class OperationsRoutes {

  private OperationsRoutes() {
  }

  public static void mount(Router router, Vertx vertx, Pool pool, String schemaVersion,
                           PrometheusMeterRegistry registry) {
    HealthCheckHandler liveness = HealthCheckHandler.create(vertx)
        .register("event-loop", promise -> promise.complete(Status.OK()));
    HealthCheckHandler readiness = HealthCheckHandler.create(vertx)
        .register("database", 2000, promise -> pool
            .query("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1")
            .execute()
            .onSuccess(rows -> {
              String current = rows.size() == 0 ? null : rows.iterator().next().getString("version");
              if (schemaVersion.equals(current)) {
                promise.complete(Status.OK(new io.vertx.core.json.JsonObject().put("schemaVersion", current)));
              } else {
                promise.complete(Status.KO(new io.vertx.core.json.JsonObject()
                    .put("reason", "schema version " + current + ", expected " + schemaVersion)));
              }
            })
            .onFailure(failure -> promise.complete(Status.KO(new io.vertx.core.json.JsonObject()
                .put("reason", "database unreachable: " + failure.getMessage())))));
    router.get("/health").handler(liveness);
    router.get("/ready").handler(readiness);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
  }
}
