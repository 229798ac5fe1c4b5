package io.switchboard.demo;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * SAMPLE order-status endpoint for the demo: {@code GET /demo/orders/:orderId?lang=en|es|ru}. It is NOT an order
 * system: it invents a deterministic status from the order number so the bot's "order status" action can be
 * tried end to end. Mounted only in demo mode. Order numbers ending in 0 do not exist (404); numbers ending in
 * 999 answer only after the bot's action timeout, to show the slow path.
 */
public final class SampleOrderRoutes {

  private static final Pattern ORDER_NUMBER = Pattern.compile("\\d{4,12}");
  private static final String NOTE = "SAMPLE endpoint of the Switchboard demo; not a real order system";
  private static final long SLOW_EXTRA_MS = 1000;

  /** status code → language → [status text, detail]. */
  private static final Map<String, Map<String, String[]>> STATUSES = Map.of(
      "processing", Map.of(
          "en", new String[] {"being prepared in our warehouse", "It should ship within 1 business day."},
          "es", new String[] {"en preparación en nuestro almacén", "Debería salir en 1 día laborable."},
          "ru", new String[] {"собирается на складе", "Он должен быть отправлен в течение 1 рабочего дня."}),
      "shipped", Map.of(
          "en", new String[] {"on its way", "Expected delivery in 2-3 business days."},
          "es", new String[] {"en camino", "La entrega está prevista en 2-3 días laborables."},
          "ru", new String[] {"в пути", "Ожидаемая доставка через 2-3 рабочих дня."}),
      "out_for_delivery", Map.of(
          "en", new String[] {"out for delivery", "The courier should arrive today before 8 pm."},
          "es", new String[] {"en reparto", "El repartidor debería llegar hoy antes de las 20:00."},
          "ru", new String[] {"передан курьеру", "Курьер должен приехать сегодня до 20:00."}),
      "delivered", Map.of(
          "en", new String[] {"delivered", "It was left at the delivery address."},
          "es", new String[] {"entregado", "Se dejó en la dirección de entrega."},
          "ru", new String[] {"доставлен", "Он оставлен по адресу доставки."}));
  private static final String[] CYCLE = {"delivered", "processing", "shipped", "out_for_delivery"};

  private SampleOrderRoutes() {
  }

  /** Mounts the sample; {@code slowMs} is how long the "slow" orders take (past the bot's action timeout). */
  public static void mount(Router router, Vertx vertx, long actionTimeoutMs) {
    router.get("/demo/orders/:orderId").handler(ctx -> answer(ctx, vertx, actionTimeoutMs + SLOW_EXTRA_MS));
  }

  private static void answer(RoutingContext ctx, Vertx vertx, long slowMs) {
    String orderId = ctx.pathParam("orderId");
    if (!ORDER_NUMBER.matcher(orderId).matches()) {
      ctx.response().setStatusCode(400).putHeader("content-type", "application/json")
          .end(new JsonObject().put("sample", true).put("error", "bad_request")
              .put("message", "order number must be 4 to 12 digits").encode());
      return;
    }
    if (orderId.endsWith("999")) {
      vertx.setTimer(slowMs, id -> reply(ctx, orderId));
    } else {
      reply(ctx, orderId);
    }
  }

  private static void reply(RoutingContext ctx, String orderId) {
    if (ctx.response().closed()) {
      return;
    }
    if (orderId.endsWith("0")) {
      ctx.response().setStatusCode(404).putHeader("content-type", "application/json")
          .end(new JsonObject().put("sample", true).put("note", NOTE).put("error", "order_not_found")
              .put("orderId", orderId).encode());
      return;
    }
    String language = ctx.request().getParam("lang", "en");
    String status = CYCLE[(orderId.charAt(orderId.length() - 1) - '0') % CYCLE.length];
    String[] texts = STATUSES.get(status).getOrDefault(language, STATUSES.get(status).get("en"));
    ctx.json(new JsonObject()
        .put("sample", true)
        .put("note", NOTE)
        .put("orderId", orderId)
        .put("status", status)
        .put("statusText", texts[0])
        .put("detail", texts[1]));
  }
}
