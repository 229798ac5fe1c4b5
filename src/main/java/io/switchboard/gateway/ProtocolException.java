package io.switchboard.gateway;

/** A client frame the gateway refuses; becomes an {@code error} frame with this code and message. */
public final class ProtocolException extends RuntimeException {

  private final ErrorCode code;

  public ProtocolException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
