package io.switchboard.testing;

import io.switchboard.persistence.DatabaseServer;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A gateway node in its own JVM, started with the same command line as production, so a test can kill it with
 * SIGKILL ({@code kill -9}) and see what the rest of the cluster does.
 */
public final class ProcessNode implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final int port;
  private final Path log;

  private ProcessNode(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts a node on the shared test database with these extra settings ({@code path → value}). */
  public static ProcessNode start(Map<String, String> settings) throws IOException, InterruptedException {
    int port = freePort();
    DatabaseServer db = TestDatabase.get();
    var options = db.connectOptions();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", System.getProperty("java.class.path")));
    put(command, "http.port", String.valueOf(port));
    put(command, "http.host", "127.0.0.1");
    put(command, "http.webroot", Path.of("webroot").toAbsolutePath().toString());
    put(command, "database.url", "postgresql://" + options.getUser() + ":" + options.getPassword() + "@"
        + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase());
    put(command, "security.jwtSecret", TestNodes.JWT_SECRET);
    put(command, "security.bcryptCost", "4");
    settings.forEach((key, value) -> put(command, key, value));
    command.add("io.switchboard.app.Main");
    command.add("run");
    Path log = Files.createTempFile("switchboard-node-", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ProcessNode node = new ProcessNode(process, port, log);
    node.awaitReady();
    return node;
  }

  private static void put(List<String> command, String key, String value) {
    command.add("-Dswitchboard." + key + "=" + value);
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("node exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    process.destroyForcibly();
    throw new IllegalStateException("node not ready within " + START_TIMEOUT.toSeconds() + " s:\n" + Files.readString(log));
  }

  public int port() {
    return port;
  }

  /** SIGKILL: no shutdown hooks, no goodbyes, sockets cut. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
