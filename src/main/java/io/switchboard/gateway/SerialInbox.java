package io.switchboard.gateway;

import io.vertx.core.Future;

import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * The work of one connection, handled one item at a time in arrival order: the next item starts when the previous
 * one's future completed, so a frame never overtakes an earlier one that is still waiting for the database. Used
 * on the connection's event loop only, hence no locking.
 *
 * @param <T> a client frame, or a server-side notice queued behind the frames
 */
public final class SerialInbox<T> {

  private final ArrayDeque<T> queue = new ArrayDeque<>();
  private final int capacity;
  private final Function<T, Future<Void>> handler;
  private boolean working;
  private boolean closed;

  /**
   * @param capacity client frames that may wait; more means the client does not wait for answers (see
   *                 {@link #offer})
   * @param handler  handles one item; its failures are the handler's to answer, the inbox only moves on
   */
  public SerialInbox(int capacity, Function<T, Future<Void>> handler) {
    this.capacity = capacity;
    this.handler = handler;
  }

  /** Queues a client frame; false when {@code capacity} frames already wait (the caller closes the connection). */
  public boolean offer(T item) {
    if (queue.size() >= capacity) {
      return false;
    }
    add(item);
    return true;
  }

  /** Queues work the server itself produced (a notice), which the client's flooding must not be able to refuse. */
  public void add(T item) {
    if (closed) {
      return;
    }
    queue.add(item);
    drain();
  }

  /** The connection is gone: waiting items are dropped and nothing new starts. */
  public void close() {
    closed = true;
    queue.clear();
  }

  private void drain() {
    if (working || closed) {
      return;
    }
    T next = queue.poll();
    if (next == null) {
      return;
    }
    working = true;
    Future<Void> done;
    try {
      done = handler.apply(next);
    } catch (RuntimeException bug) {
      done = Future.failedFuture(bug); // a handler's bug must not wedge the connection's later frames
    }
    done.onComplete(ignored -> {
      working = false;
      drain();
    });
  }
}
