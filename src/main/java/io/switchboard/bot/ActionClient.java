package io.switchboard.bot;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.buffer.Buffer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls an automated action's HTTP endpoint: GET on the URL template with the parameters filled in
 * (URL-encoded), bounded by the configured timeout. A URL starting with {@code /} is on this node.
 */
final class ActionClient {

  /** What an endpoint said: a JSON object (flattened), "not found", or nothing usable. */
  sealed interface Result {
    record Answered(Map<String, Object> fields) implements Result {
    }

    record NotFound() implements Result {
    }

    record Failed(String why) implements Result {
    }
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

  private final WebClient client;
  private final String selfBaseUrl;
  private final long timeoutMs;

  ActionClient(Vertx vertx, String selfBaseUrl, long timeoutMs) {
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
        .setUserAgent("Switchboard-Bot"));
    this.selfBaseUrl = selfBaseUrl;
    this.timeoutMs = timeoutMs;
  }

  Future<Result> call(ActionSpec action, Map<String, String> parameters, String language) {
    Map<String, String> values = new HashMap<>(parameters);
    values.put("language", language);
    String url = expand(action.config().url(), values);
    return client.getAbs(url.startsWith("/") ? selfBaseUrl + url : url)
        .timeout(timeoutMs)
        .putHeader("Accept", "application/json")
        .send()
        // The request timeout is an idle timeout; this bounds the whole exchange.
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(ActionClient::interpret)
        .otherwise(failure -> new Result.Failed(failure.getClass().getSimpleName() + ": " + failure.getMessage()));
  }

  private static Result interpret(HttpResponse<Buffer> response) {
    if (response.statusCode() == 404) {
      return new Result.NotFound();
    }
    if (response.statusCode() / 100 != 2) {
      return new Result.Failed("HTTP " + response.statusCode());
    }
    try {
      Map<String, Object> fields = new HashMap<>();
      flatten("", response.bodyAsJsonObject(), fields);
      return new Result.Answered(fields);
    } catch (RuntimeException e) {
      return new Result.Failed("the answer is not a JSON object");
    }
  }

  /** {"a": {"b": 1}} → {"a.b": 1}; arrays become comma-separated text. */
  private static void flatten(String prefix, JsonObject json, Map<String, Object> into) {
    for (String key : json.fieldNames()) {
      Object value = json.getValue(key);
      if (value instanceof JsonObject nested) {
        flatten(prefix + key + ".", nested, into);
      } else if (value instanceof JsonArray array) {
        into.put(prefix + key, String.join(", ", array.stream().map(String::valueOf).toList()));
      } else if (value != null) {
        into.put(prefix + key, value);
      }
    }
  }

  private static String expand(String template, Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = values.getOrDefault(matcher.group(1), "");
      matcher.appendReplacement(out, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  void close() {
    client.close();
  }
}
