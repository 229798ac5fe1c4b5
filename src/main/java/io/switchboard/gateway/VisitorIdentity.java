package io.switchboard.gateway;

import io.vertx.core.json.JsonObject;

/**
 * Who the host page says the visitor is: the optional {@code visitor} object of {@code hello}. It is self-asserted
 * (any page can send any name), so it is stored as the website's claim and shown to agents as unverified.
 * Values are trimmed; a blank value counts as absent, so it never erases what an earlier hello stored.
 */
record VisitorIdentity(String name, String email, String externalId) {

  static final int MAX_NAME_LENGTH = 200;
  /** The longest address SMTP can deliver to (RFC 5321 path limit minus the angle brackets). */
  static final int MAX_EMAIL_LENGTH = 254;
  static final int MAX_EXTERNAL_ID_LENGTH = 128;
  static final VisitorIdentity NONE = new VisitorIdentity(null, null, null);

  /** Reads and checks {@code hello.visitor}; every failure is a recoverable {@code invalid_field}. */
  static VisitorIdentity parse(JsonObject hello) {
    Object value = hello.getValue("visitor");
    if (value == null) {
      return NONE;
    }
    if (!(value instanceof JsonObject visitor)) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'visitor' must be an object");
    }
    String name = text(visitor, "name", MAX_NAME_LENGTH);
    String email = text(visitor, "email", MAX_EMAIL_LENGTH);
    String externalId = text(visitor, "externalId", MAX_EXTERNAL_ID_LENGTH);
    if (email != null && !ClientFrames.EMAIL.matcher(email).matches()) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'visitor.email' is not an e-mail address");
    }
    return new VisitorIdentity(name, email, externalId);
  }

  /** The fields to merge into {@code visitors.attributes}: only those given, so absent ones keep their value. */
  JsonObject attributes() {
    JsonObject attributes = new JsonObject();
    if (name != null) {
      attributes.put("name", name);
    }
    if (email != null) {
      attributes.put("email", email);
    }
    if (externalId != null) {
      attributes.put("externalId", externalId);
    }
    return attributes;
  }

  private static String text(JsonObject visitor, String field, int maxLength) {
    String path = "visitor." + field;
    String raw = ClientFrames.optionalString(visitor, field, path, maxLength);
    String value = raw == null ? "" : raw.strip();
    if (value.isEmpty()) {
      return null;
    }
    // PostgreSQL's jsonb cannot hold U+0000, and line breaks or other controls have no place in a name or an id.
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "field '" + path + "' must not contain control characters");
    }
    return value;
  }
}
