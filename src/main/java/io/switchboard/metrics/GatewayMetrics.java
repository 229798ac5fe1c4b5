package io.switchboard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The gateway's own meters, next to the ones Vert.x publishes, all scraped at {@code /metrics}. */
public final class GatewayMetrics {

  /** Who is on the other end of a connection or wrote a message. */
  public enum Role {
    VISITOR, AGENT;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Map<Role, AtomicInteger> openConnections = new EnumMap<>(Role.class);
  private final Map<Role, Counter> messagesReceived = new EnumMap<>(Role.class);
  private final Map<Role, Timer> ackLatency = new EnumMap<>(Role.class);
  private final Counter protocolErrors;

  public GatewayMetrics(MeterRegistry registry) {
    for (Role role : Role.values()) {
      AtomicInteger open = new AtomicInteger();
      openConnections.put(role, open);
      Gauge.builder("switchboard.connections.open", open, AtomicInteger::get)
          .description("Open WebSocket connections")
          .tag("role", role.tag())
          .register(registry);
      messagesReceived.put(role, Counter.builder("switchboard.messages.received")
          .description("Chat messages stored from clients (retries not counted)")
          .tag("role", role.tag())
          .register(registry));
      ackLatency.put(role, Timer.builder("switchboard.ack.latency")
          .description("From a client message arriving to its acknowledgement being written (stored in PostgreSQL)")
          .tag("role", role.tag())
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(1))
          .maximumExpectedValue(Duration.ofSeconds(10))
          .register(registry));
    }
    protocolErrors = Counter.builder("switchboard.protocol.errors")
        .description("Error frames sent to clients")
        .register(registry);
  }

  public void connectionOpened(Role role) {
    openConnections.get(role).incrementAndGet();
  }

  public void connectionClosed(Role role) {
    openConnections.get(role).decrementAndGet();
  }

  public void messageStored(Role role) {
    messagesReceived.get(role).increment();
  }

  public void acknowledged(Role role, long startNanos) {
    ackLatency.get(role).record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  public void protocolError() {
    protocolErrors.increment();
  }
}
