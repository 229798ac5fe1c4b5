package io.switchboard.testing;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small blocking HTTP client for tests of the REST API. */
public final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {
  }

  /** A response: status and body. */
  public record Response(int status, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  public static Response get(int port, String path, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return send(request);
  }

  public static Response post(int port, String path, String bearer, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return send(request);
  }

  /** Any method with an optional body of the given content type. */
  public static Response request(int port, String method, String path, String bearer, String contentType,
                                 String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("content-type", contentType);
    }
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return send(request);
  }

  /** Logs in and returns the staff token; fails the test if login fails. */
  public static String login(int port, String username, String password) {
    Response response = post(port, "/api/auth/login", null,
        new JsonObject().put("username", username).put("password", password).encode());
    if (response.status() != 200) {
      throw new AssertionError("login of " + username + " failed: " + response);
    }
    return response.json().getString("token");
  }

  private static Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new AssertionError("HTTP request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
