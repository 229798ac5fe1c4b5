package io.switchboard.frustration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the scorer's UTF-8 text resources: one entry per line, {@code [section]} headers, {@code #} comments
 * at the start of a line, and an optional trailing number as the entry's weight.
 */
final class ResourceText {

  /** One entry: its section, its words (lowercase), and the text after the words (a weight or a value). */
  record Line(String file, int number, String section, List<String> words, String raw) {

    double weight(double fallback) {
      return hasWeight() ? Double.parseDouble(words.get(words.size() - 1)) : fallback;
    }

    /** The words without a trailing weight. */
    List<String> terms() {
      return hasWeight() ? words.subList(0, words.size() - 1) : words;
    }

    private boolean hasWeight() {
      if (words.size() < 2) {
        return false;
      }
      try {
        Double.parseDouble(words.get(words.size() - 1));
        return true;
      } catch (NumberFormatException notAWeight) {
        return false;
      }
    }

    String where() {
      return file + ":" + number;
    }
  }

  private final ClassLoader loader;

  ResourceText(ClassLoader loader) {
    this.loader = loader;
  }

  boolean exists(String path) {
    return loader.getResource(path) != null;
  }

  List<Line> lines(String path) {
    InputStream in = loader.getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("frustration resource missing: " + path);
    }
    List<Line> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String section = "";
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("# ") || trimmed.equals("#")) {
          continue;
        }
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
          section = trimmed.substring(1, trimmed.length() - 1).strip();
          continue;
        }
        List<String> words = Arrays.asList(trimmed.split("\\s+"));
        lines.add(new Line(path, number, section, words, trimmed));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read frustration resource " + path, e);
    }
    return lines;
  }
}
