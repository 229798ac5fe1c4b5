package io.switchboard.agent;

/** A refused agent frame: becomes a recoverable {@code error} frame with this code; the connection stays open. */
final class AgentException extends RuntimeException {

  private final String code;

  AgentException(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  String code() {
    return code;
  }
}
