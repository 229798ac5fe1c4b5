package io.switchboard.frustration.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** A small RFC 4180 reader: quoted fields may contain commas, doubled quotes and line breaks; CRLF or LF rows. */
final class CsvReader {

  private final Reader in;
  private int pushedBack = -2;

  CsvReader(Reader in) {
    this.in = in;
  }

  /** The next record, or null at the end of input. */
  List<String> next() throws IOException {
    int c = read();
    if (c == -1) {
      return null;
    }
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean fieldStart = true;
    while (true) {
      if (quoted) {
        if (c == -1) {
          throw new IOException("unterminated quoted field in CSV record starting " + fields);
        }
        if (c == '"') {
          int after = read();
          if (after == '"') {
            field.append('"');
          } else {
            quoted = false;
            c = after;
            continue;
          }
        } else {
          field.append((char) c);
        }
      } else if (c == '"' && fieldStart) {
        quoted = true;
        fieldStart = false;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        fieldStart = true;
      } else if (c == '\r' || c == '\n' || c == -1) {
        if (c == '\r') {
          int after = read();
          if (after != '\n') {
            unread(after);
          }
        }
        fields.add(field.toString());
        return fields;
      } else {
        field.append((char) c);
        fieldStart = false;
      }
      c = read();
    }
  }

  private int read() throws IOException {
    if (pushedBack != -2) {
      int c = pushedBack;
      pushedBack = -2;
      return c;
    }
    return in.read();
  }

  private void unread(int c) {
    pushedBack = c;
  }
}
