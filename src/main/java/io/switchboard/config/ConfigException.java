package io.switchboard.config;

/**
 * A configuration value that prevents startup. The message always names the setting to fix, in both its
 * file path form ({@code http.port}) and its environment variable form ({@code SWITCHBOARD_HTTP_PORT}).
 */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
