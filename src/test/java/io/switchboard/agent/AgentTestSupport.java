package io.switchboard.agent;

import io.switchboard.testing.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Accounts, profiles and raw requests for the agent tests. */
final class AgentTestSupport {

  static final String PASSWORD = "agent-test-password";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** A staff account made through the admin API, logged in. */
  record Staff(String id, String username, String name, String token) {
    UUID uuid() {
      return UUID.fromString(id);
    }
  }

  private AgentTestSupport() {
  }

  static String adminToken(int port) {
    return Http.login(port, "admin", "demo-admin-pass");
  }

  static String supervisorToken(int port) {
    return Http.login(port, "supervisor", "demo-supervisor-pass");
  }

  /** A unique username for this JVM run. */
  static String unique(String prefix) {
    return prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "-" + COUNTER.incrementAndGet();
  }

  /** Creates an account with roles, gives it a profile (languages, capacity) and logs it in. */
  static Staff staff(int port, String adminToken, String prefix, String displayName, List<String> roles,
                     List<String> languages, int maxChats) {
    String username = unique(prefix);
    Http.Response created = Http.post(port, "/api/accounts", adminToken, new JsonObject().put("username", username)
        .put("displayName", displayName).put("password", PASSWORD).put("roles", new JsonArray(roles)).encode());
    if (created.status() != 201) {
      throw new AssertionError("creating " + username + " failed: " + created);
    }
    String id = created.json().getString("id");
    Response profile = put(port, "/api/agents/" + id + "/profile", adminToken, new JsonObject()
        .put("languages", new JsonArray(languages)).put("maxChats", maxChats).encode());
    if (profile.status() != 200) {
      throw new AssertionError("profile of " + username + " failed: " + profile);
    }
    return new Staff(id, username, displayName, Http.login(port, username, PASSWORD));
  }

  static Staff agent(int port, String adminToken, String displayName, List<String> languages, int maxChats) {
    return staff(port, adminToken, "ag", displayName, List.of("agent"), languages, maxChats);
  }

  /** A response: status and body. */
  record Response(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }

    JsonArray array() {
      return new JsonArray(body);
    }
  }

  static Response get(int port, String path, String bearer) {
    return of(Http.get(port, path, bearer));
  }

  static Response post(int port, String path, String bearer, String body) {
    return of(Http.post(port, path, bearer, body));
  }

  static Response put(int port, String path, String bearer, String body) {
    return of(Http.request(port, "PUT", path, bearer, "application/json", body));
  }

  static Response patch(int port, String path, String bearer, String body) {
    return of(Http.request(port, "PATCH", path, bearer, "application/json", body));
  }

  static Response delete(int port, String path, String bearer) {
    return of(Http.request(port, "DELETE", path, bearer, null, null));
  }

  private static Response of(Http.Response response) {
    return new Response(response.status(), response.body());
  }

  /**
   * Sends a raw WebSocket upgrade request and returns the status line and body the server answered with (the
   * JDK client refuses to send upgrade headers).
   */
  static Response rawUpgrade(int port, String uri, String extraHeaders) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      String request = "GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + extraHeaders + "\r\n";
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.write(b);
      }
      String headers = head.toString(StandardCharsets.US_ASCII);
      int status = Integer.parseInt(headers.substring(9, 12));
      int length = 0;
      for (String line : headers.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      byte[] body = in.readNBytes(length);
      return new Response(status, new String(body, StandardCharsets.UTF_8));
    }
  }
}
