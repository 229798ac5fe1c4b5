package io.switchboard.gateway;

import java.util.Locale;

/**
 * Error codes of the {@code error} frame. Recoverable errors leave the connection open; the client fixes the
 * frame and carries on. The protocol document lists the same codes.
 */
public enum ErrorCode {
  BAD_JSON(true),
  UNKNOWN_TYPE(true),
  MISSING_FIELD(true),
  INVALID_FIELD(true),
  MESSAGE_TOO_LONG(true),
  RATE_LIMITED(true),
  HELLO_REQUIRED(true),
  ALREADY_GREETED(true),
  RESUME_AHEAD(true),
  CONVERSATION_CLOSED(true),
  WRONG_STATE(true),
  STORE_FAILED(true),
  INVALID_TOKEN(false),
  FORBIDDEN(false),
  HELLO_TIMEOUT(false),
  TOO_MANY_VIOLATIONS(false);

  private final boolean recoverable;

  ErrorCode(boolean recoverable) {
    this.recoverable = recoverable;
  }

  public boolean recoverable() {
    return recoverable;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
