package io.switchboard.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the configuration once, in this order, later sources winning:
 * <ol>
 *   <li>the built-in defaults (the {@code conf/config.json} shipped in the jar),</li>
 *   <li>the operator's file ({@code --config path}, else {@code SWITCHBOARD_CONFIG}, else {@code conf/config.json}
 *   when present),</li>
 *   <li>environment variables: {@code SWITCHBOARD_} + the dotted path in upper snake case, e.g.
 *   {@code visitor.maxMessageLength} → {@code SWITCHBOARD_VISITOR_MAX_MESSAGE_LENGTH},</li>
 *   <li>system properties: {@code switchboard.} + the dotted path, e.g. {@code -Dswitchboard.http.port=9090}.</li>
 * </ol>
 * Every setting must exist in the defaults, so a typo in the file is a startup error rather than a silent no-op.
 * We do not use vertx-config's default stores because they apply the environment before the file.
 */
public final class ConfigLoader {

  static final String DEFAULTS_RESOURCE = "switchboard-defaults/config.json";
  static final String ENV_PREFIX = "SWITCHBOARD_";
  static final String PROPERTY_PREFIX = "switchboard.";

  private final Map<String, String> environment;
  private final Map<Object, Object> properties;

  public ConfigLoader(Map<String, String> environment, Map<Object, Object> properties) {
    this.environment = Objects.requireNonNull(environment);
    this.properties = Objects.requireNonNull(properties);
  }

  /** The loader used by {@code Main}: the process environment and system properties. */
  public static ConfigLoader fromProcess() {
    return new ConfigLoader(System.getenv(), System.getProperties());
  }

  /** Built-in defaults only, as a mutable copy; tests start from here. */
  public static JsonObject defaults() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new ConfigException("built-in defaults: resource " + DEFAULTS_RESOURCE + " is missing from the jar");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("built-in defaults: cannot read " + DEFAULTS_RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /**
   * Loads and validates the configuration.
   *
   * @param explicitFile a file given on the command line, or {@code null}
   */
  public SwitchboardConfig load(Path explicitFile) {
    return SwitchboardConfig.from(loadTree(explicitFile));
  }

  /** The merged configuration tree before validation (commands that need only one section read it). */
  public JsonObject loadTree(Path explicitFile) {
    JsonObject merged = defaults();
    Path file = chooseFile(explicitFile);
    if (file != null) {
      mergeFile(merged, file);
    }
    return applyOverrides(merged, "");
  }

  /** The frustration settings of the merged configuration, for the scoring commands. */
  public io.switchboard.frustration.FrustrationSettings frustrationSettings(Path explicitFile) {
    return SwitchboardConfig.frustration(loadTree(explicitFile));
  }

  /** Applies environment and system-property overrides onto an already merged tree (used by tests too). */
  public JsonObject applyOverrides(JsonObject tree, String parentPath) {
    for (String key : List.copyOf(tree.fieldNames())) {
      String path = parentPath.isEmpty() ? key : parentPath + "." + key;
      Object current = tree.getValue(key);
      if (current instanceof JsonObject child) {
        applyOverrides(child, path);
        continue;
      }
      String raw = override(path);
      if (raw != null) {
        tree.put(key, coerce(path, current, raw));
      }
    }
    return tree;
  }

  private String override(String path) {
    Object fromProperty = properties.get(PROPERTY_PREFIX + path);
    if (fromProperty != null) {
      return fromProperty.toString();
    }
    return environment.get(envName(path));
  }

  /** {@code visitor.maxMessageLength} → {@code SWITCHBOARD_VISITOR_MAX_MESSAGE_LENGTH}. */
  public static String envName(String path) {
    StringBuilder out = new StringBuilder(ENV_PREFIX);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '.') {
        out.append('_');
      } else if (Character.isUpperCase(c)) {
        out.append('_').append(c);
      } else {
        out.append(Character.toUpperCase(c));
      }
    }
    return out.toString();
  }

  private Path chooseFile(Path explicitFile) {
    if (explicitFile != null) {
      if (!Files.isRegularFile(explicitFile)) {
        throw new ConfigException("--config: file " + explicitFile + " does not exist");
      }
      return explicitFile;
    }
    String fromEnv = environment.get(ENV_PREFIX + "CONFIG");
    if (fromEnv != null && !fromEnv.isBlank()) {
      Path path = Path.of(fromEnv);
      if (!Files.isRegularFile(path)) {
        throw new ConfigException("SWITCHBOARD_CONFIG: file " + path + " does not exist");
      }
      return path;
    }
    Path conventional = Path.of("conf", "config.json");
    return Files.isRegularFile(conventional) ? conventional : null;
  }

  private static void mergeFile(JsonObject into, Path file) {
    JsonObject fromFile;
    try {
      fromFile = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("config file " + file + ": cannot read: " + e.getMessage(), e);
    } catch (DecodeException e) {
      throw new ConfigException("config file " + file + ": not valid JSON: " + e.getMessage(), e);
    }
    mergeInto(into, fromFile, "", file);
  }

  private static void mergeInto(JsonObject into, JsonObject from, String parentPath, Path file) {
    for (String key : from.fieldNames()) {
      String path = parentPath.isEmpty() ? key : parentPath + "." + key;
      if (!into.containsKey(key)) {
        throw new ConfigException("config file " + file + ": unknown setting '" + path + "'");
      }
      Object current = into.getValue(key);
      Object incoming = from.getValue(key);
      if (current instanceof JsonObject currentObject && incoming instanceof JsonObject incomingObject) {
        mergeInto(currentObject, incomingObject, path, file);
      } else {
        into.put(key, incoming);
      }
    }
  }

  private static Object coerce(String path, Object current, String raw) {
    String value = raw.trim();
    String where = path + " (" + envName(path) + ")";
    if (current instanceof Boolean) {
      if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(value);
      }
      throw new ConfigException(where + ": expected true or false but got '" + raw + "'");
    }
    if (current instanceof Integer || current instanceof Long) {
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw new ConfigException(where + ": expected a whole number but got '" + raw + "'");
      }
    }
    if (current instanceof Number) {
      try {
        return Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new ConfigException(where + ": expected a number but got '" + raw + "'");
      }
    }
    if (current instanceof JsonArray) {
      List<String> items = new ArrayList<>();
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          items.add(part.trim());
        }
      }
      return new JsonArray(items);
    }
    return raw;
  }
}
