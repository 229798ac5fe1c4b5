package io.switchboard.gateway;

/** RFC 6455 close codes the gateway uses, named for why it uses them. */
public final class CloseCodes {

  /** Normal closure: the server ended an idle connection; the client may reconnect and resume. */
  public static final short IDLE_TIMEOUT = 1000;
  /** Going away: the node is shutting down; reconnect (to any node) and resume. */
  public static final short SHUTTING_DOWN = 1001;
  /** Unsupported data: a binary frame on a text-only protocol. */
  public static final short UNSUPPORTED_DATA = 1003;
  /** Invalid frame payload data: a text message that is not valid UTF-8. */
  public static final short INVALID_PAYLOAD = 1007;
  /**
   * Policy violation: no hello in time, an invalid token, a forbidden conversation, sustained flooding, too many
   * frames in flight, or a client too slow to read what it is sent (it can resume without loss).
   */
  public static final short POLICY_VIOLATION = 1008;
  /** Internal error: the server could not complete the hello (e.g. database trouble); reconnect to retry. */
  public static final short INTERNAL_ERROR = 1011;
  /** Message too big: a message larger than {@code visitor.maxFrameBytes}. */
  public static final short MESSAGE_TOO_BIG = 1009;

  private CloseCodes() {
  }
}
