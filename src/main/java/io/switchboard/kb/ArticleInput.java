package io.switchboard.kb;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An article as written by an author or an import file, validated. {@link #parse} rejects bad input with an
 * {@link InvalidArticleException} naming the field, so the API can answer 400 with a clear message.
 */
public record ArticleInput(String slug, String language, String title, String body, List<String> tags,
                           String category, JsonArray quickReplies, JsonArray links, Integer expectedVersion) {

  public static final Set<String> LANGUAGES = Set.of("en", "es", "ru");
  static final int MAX_TITLE = 200;
  static final int MAX_BODY = 20_000;
  static final int MAX_TAGS = 30;
  static final int MAX_TAG = 60;
  static final int MAX_QUICK_REPLIES = 6;
  static final int MAX_LINKS = 10;
  static final int MAX_LABEL = 80;
  static final int MAX_PAYLOAD = 256;
  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,79}");
  private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");
  private static final Set<String> FIELDS = Set.of("slug", "language", "title", "body", "tags", "category",
      "quickReplies", "links", "version", "id", "createdAt", "updatedAt");

  /** Bad article input; the message names the field and says what is expected. */
  public static final class InvalidArticleException extends IllegalArgumentException {
    public InvalidArticleException(String message) {
      super(message);
    }
  }

  /**
   * Validates one article object. {@code where} prefixes messages (for example {@code articles[3]}) and may be
   * empty. Read-only fields of an exported article ({@code id}, timestamps) are accepted and ignored, so an
   * export can be imported again.
   */
  public static ArticleInput parse(JsonObject json, String where) {
    String at = where.isEmpty() ? "" : where + ".";
    for (String field : json.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new InvalidArticleException(at + field + ": unknown field; expected " + FIELDS);
      }
    }
    String slug = required(json, at, "slug", 80);
    if (!SLUG.matcher(slug).matches()) {
      throw new InvalidArticleException(at + "slug: must be lower-case letters, digits and dashes, starting with a"
          + " letter or digit, at most 80 characters");
    }
    String language = required(json, at, "language", 2);
    if (!LANGUAGES.contains(language)) {
      throw new InvalidArticleException(at + "language: must be one of en, es, ru but was '" + language + "'");
    }
    String category = required(json, at, "category", 40);
    if (!CATEGORY.matcher(category).matches()) {
      throw new InvalidArticleException(at + "category: must be lower-case letters, digits, '_' or '-'");
    }
    Object version = json.getValue("version");
    if (version != null && !(version instanceof Integer || version instanceof Long)) {
      throw new InvalidArticleException(at + "version: must be a whole number");
    }
    return new ArticleInput(slug, language, required(json, at, "title", MAX_TITLE),
        required(json, at, "body", MAX_BODY), tags(json, at), category,
        choices(json, at, "quickReplies", MAX_QUICK_REPLIES, "label", "payload"),
        choices(json, at, "links", MAX_LINKS, "title", "url"),
        version == null ? null : ((Number) version).intValue());
  }

  private static String required(JsonObject json, String at, String field, int max) {
    Object value = json.getValue(field);
    if (value == null) {
      throw new InvalidArticleException(at + field + ": required");
    }
    if (!(value instanceof String text) || text.isBlank()) {
      throw new InvalidArticleException(at + field + ": must be a non-empty string");
    }
    if (text.length() > max) {
      throw new InvalidArticleException(at + field + ": at most " + max + " characters (got " + text.length() + ")");
    }
    return text.strip();
  }

  private static List<String> tags(JsonObject json, String at) {
    Object value = json.getValue("tags");
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > MAX_TAGS) {
      throw new InvalidArticleException(at + "tags: must be a list of at most " + MAX_TAGS + " strings");
    }
    List<String> tags = new ArrayList<>();
    for (Object tag : array) {
      if (!(tag instanceof String text) || text.isBlank() || text.length() > MAX_TAG) {
        throw new InvalidArticleException(at + "tags: every tag must be a non-empty string of at most " + MAX_TAG
            + " characters");
      }
      tags.add(text.strip());
    }
    return List.copyOf(tags);
  }

  /** A list of small objects with two required string fields (quick replies, links). */
  private static JsonArray choices(JsonObject json, String at, String field, int max, String first, String second) {
    Object value = json.getValue(field);
    if (value == null) {
      return new JsonArray();
    }
    if (!(value instanceof JsonArray array) || array.size() > max) {
      throw new InvalidArticleException(at + field + ": must be a list of at most " + max + " objects");
    }
    JsonArray out = new JsonArray();
    for (int i = 0; i < array.size(); i++) {
      String item = at + field + "[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject object)) {
        throw new InvalidArticleException(item + ": must be an object with '" + first + "' and '" + second + "'");
      }
      String a = required(object, item + ".", first, MAX_LABEL);
      String b = required(object, item + ".", second, "url".equals(second) ? 2048 : MAX_PAYLOAD);
      if ("url".equals(second) && !(b.startsWith("https://") || b.startsWith("http://") || b.startsWith("/"))) {
        throw new InvalidArticleException(item + ".url: must start with https://, http:// or /");
      }
      out.add(new JsonObject().put(first, a).put(second, b));
    }
    return out;
  }
}
