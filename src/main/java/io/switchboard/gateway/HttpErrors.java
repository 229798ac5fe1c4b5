package io.switchboard.gateway;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/** The one error handler of the router: every failure becomes {@code {"error": code, "message": text}}. */
public final class HttpErrors {

  private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);
  /** character_not_in_repertoire (a NUL in a text parameter), untranslatable_character (a \u0000 in jsonb). */
  private static final Set<String> UNSTORABLE_TEXT = Set.of("22021", "22P05");

  private HttpErrors() {
  }

  /** A failure with a status, a stable code and a message for the caller. */
  public static HttpException error(int status, String code, String message) {
    return new HttpException(status, code + ": " + message);
  }

  public static void handle(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    Throwable failure = ctx.failure();
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    String code;
    String message;
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
      String payload = http.getPayload();
      int colon = payload == null ? -1 : payload.indexOf(": ");
      code = colon > 0 ? payload.substring(0, colon) : defaultCode(status);
      message = colon > 0 ? payload.substring(colon + 2) : defaultMessage(status);
    } else if (failure instanceof IllegalArgumentException) {
      status = 400;
      code = "bad_request";
      message = failure.getMessage();
    } else if (failure instanceof PgException pg && UNSTORABLE_TEXT.contains(pg.getSqlState())) {
      // The one thing valid JSON can carry that PostgreSQL text and jsonb cannot: the caller's to fix, not a 500.
      status = 400;
      code = "bad_request";
      message = "text must not contain U+0000 (PostgreSQL cannot store it)";
    } else if (failure != null) {
      LOG.error("Request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
      code = "internal_error";
      message = "the server failed to handle " + ctx.request().method() + " " + ctx.request().path()
          + "; see the server log";
    } else {
      code = defaultCode(status);
      message = defaultMessage(status);
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(new JsonObject().put("error", code).put("message", message).encode());
  }

  private static String defaultCode(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      default -> status >= 500 ? "internal_error" : "error";
    };
  }

  private static String defaultMessage(int status) {
    return switch (status) {
      case 401 -> "a valid bearer token is required";
      case 403 -> "your role does not allow this";
      case 404 -> "no such resource";
      case 413 -> "request body too large";
      default -> "request failed with status " + status;
    };
  }
}
