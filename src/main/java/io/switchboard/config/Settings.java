package io.switchboard.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Typed reads from one configuration section; every failure names the setting and its environment variable. */
final class Settings {

  private final JsonObject section;
  private final String prefix;

  Settings(JsonObject root, String name) {
    JsonObject found = root.getJsonObject(name);
    if (found == null) {
      throw new ConfigException(name + ": section is missing");
    }
    this.section = found;
    this.prefix = name;
  }

  String string(String key) {
    Object value = section.getValue(key);
    if (!(value instanceof String s)) {
      throw invalid(key, "expected a string but got " + value);
    }
    return s;
  }

  boolean bool(String key) {
    Object value = section.getValue(key);
    if (!(value instanceof Boolean b)) {
      throw invalid(key, "expected true or false but got " + value);
    }
    return b;
  }

  long number(String key, long min, long max) {
    Object value = section.getValue(key);
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw invalid(key, "expected a whole number but got " + value);
    }
    long v = n.longValue();
    if (v < min || v > max) {
      throw invalid(key, "must be between " + min + " and " + max + " but was " + v);
    }
    return v;
  }

  double decimal(String key, double min, double max) {
    Object value = section.getValue(key);
    if (!(value instanceof Number n)) {
      throw invalid(key, "expected a number but got " + value);
    }
    double v = n.doubleValue();
    if (v < min || v > max) {
      throw invalid(key, "must be between " + min + " and " + max + " but was " + v);
    }
    return v;
  }

  int integer(String key, int min, int max) {
    return (int) number(key, min, max);
  }

  List<String> strings(String key) {
    Object value = section.getValue(key);
    if (!(value instanceof JsonArray array)) {
      throw invalid(key, "expected a list but got " + value);
    }
    List<String> out = new ArrayList<>();
    for (Object item : array) {
      out.add(String.valueOf(item));
    }
    return List.copyOf(out);
  }

  JsonArray array(String key) {
    Object value = section.getValue(key);
    if (!(value instanceof JsonArray array)) {
      throw invalid(key, "expected a list but got " + value);
    }
    return array.copy();
  }

  JsonObject raw() {
    return section.copy();
  }

  ConfigException invalid(String key, String why) {
    String path = prefix + "." + key;
    return new ConfigException(path + " (" + ConfigLoader.envName(path) + "): " + why);
  }
}
