package io.switchboard.gateway;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/** Parsing and field checks shared by the visitor and agent protocols. Every failure says what and why. */
public final class ClientFrames {

  /** Client message ids: 1-64 characters, letters, digits and {@code - _ . :}, e.g. a UUID. */
  public static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  /** A plausible e-mail address (the widget checks the same pattern): local part, {@code @}, dotted domain. */
  public static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}\\.[^@\\s]{2,}");

  private ClientFrames() {
  }

  /** Parses a frame into a JSON object that has a string {@code type}. */
  public static JsonObject parse(String text) {
    Object value;
    try {
      value = io.vertx.core.json.Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new ProtocolException(ErrorCode.BAD_JSON, "frame is not valid JSON: " + shortReason(e));
    }
    if (!(value instanceof JsonObject frame)) {
      throw new ProtocolException(ErrorCode.BAD_JSON, "frame must be a JSON object");
    }
    Object type = frame.getValue("type");
    if (type == null) {
      throw new ProtocolException(ErrorCode.MISSING_FIELD, "missing field 'type'");
    }
    if (!(type instanceof String)) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'type' must be a string");
    }
    return frame;
  }

  public static String requiredString(JsonObject frame, String field) {
    Object value = frame.getValue(field);
    if (value == null) {
      throw new ProtocolException(ErrorCode.MISSING_FIELD, "missing field '" + field + "'");
    }
    if (!(value instanceof String s)) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "field '" + field + "' must be a string");
    }
    return storable(s, field);
  }

  public static String optionalString(JsonObject frame, String field, int maxLength) {
    return optionalString(frame, field, field, maxLength);
  }

  /**
   * An optional string of a nested object; failures name it by {@code path} (e.g. {@code visitor.email}) so the
   * client can tell which field of which object broke the rule.
   */
  public static String optionalString(JsonObject object, String field, String path, int maxLength) {
    Object value = object.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "field '" + path + "' must be a string");
    }
    if (s.length() > maxLength) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD,
          "field '" + path + "' is longer than " + maxLength + " characters");
    }
    return storable(s, path);
  }

  /**
   * PostgreSQL text and jsonb cannot hold U+0000: refused here, as the client's mistake, rather than failing the
   * store with an error that invites a retry which can never succeed.
   */
  private static String storable(String value, String path) {
    if (value.indexOf('\u0000') >= 0) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "field '" + path + "' must not contain U+0000");
    }
    return value;
  }

  public static long optionalSeq(JsonObject frame, String field) {
    Object value = frame.getValue(field);
    if (value == null) {
      return 0;
    }
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < 0) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "field '" + field + "' must be a whole number >= 0");
    }
    return n.longValue();
  }

  public static String clientId(JsonObject frame) {
    String clientId = requiredString(frame, "clientId");
    if (!CLIENT_ID.matcher(clientId).matches()) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD,
          "field 'clientId' must be 1-64 characters of letters, digits, '-', '_', '.', ':'");
    }
    return clientId;
  }

  /** The message text: non-blank and at most {@code maxLength} characters (Unicode code points). */
  public static String messageText(JsonObject frame, int maxLength) {
    String text = requiredString(frame, "text");
    if (text.isBlank()) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'text' must not be blank");
    }
    int length = text.codePointCount(0, text.length());
    if (length > maxLength) {
      throw new ProtocolException(ErrorCode.MESSAGE_TOO_LONG,
          "message text is " + length + " characters; the limit is " + maxLength);
    }
    return text;
  }

  private static String shortReason(DecodeException e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    String firstLine = newline < 0 ? message : message.substring(0, newline);
    return firstLine.length() > 160 ? firstLine.substring(0, 160) : firstLine;
  }
}
