package io.switchboard.kb;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The knowledge-base import formats (docs/knowledge-base.md):
 * <ul>
 *   <li>JSON: an array of articles, or {@code {"articles": [...]}};</li>
 *   <li>Markdown with front matter: one article per file, {@code key: value} lines between {@code ---} lines
 *   (slug, language, title, category, tags as {@code [a, b]} or {@code a, b}), then the body.</li>
 * </ul>
 * Every article is validated with {@link ArticleInput#parse}; the first bad one fails the whole import, naming
 * the file and the article's position.
 */
public final class ArticleFiles {

  private ArticleFiles() {
  }

  /** Parses a JSON import document (the body of {@code POST /api/kb/import} or a {@code .json} file). */
  public static List<ArticleInput> fromJson(String source, String text) {
    Object parsed;
    try {
      parsed = io.vertx.core.json.Json.decodeValue(text);
    } catch (DecodeException e) {
      throw new ArticleInput.InvalidArticleException(source + ": not valid JSON: " + e.getMessage());
    }
    JsonArray articles;
    if (parsed instanceof JsonArray array) {
      articles = array;
    } else if (parsed instanceof JsonObject object && object.getValue("articles") instanceof JsonArray array) {
      articles = array;
    } else {
      throw new ArticleInput.InvalidArticleException(source + ": expected an array of articles or"
          + " {\"articles\": [...]}");
    }
    return fromArray(source, articles);
  }

  public static List<ArticleInput> fromArray(String source, JsonArray articles) {
    List<ArticleInput> out = new ArrayList<>(articles.size());
    for (int i = 0; i < articles.size(); i++) {
      String where = source + " articles[" + i + "]";
      if (!(articles.getValue(i) instanceof JsonObject article)) {
        throw new ArticleInput.InvalidArticleException(where + ": must be an object");
      }
      out.add(ArticleInput.parse(article, where));
    }
    return out;
  }

  /** Parses one Markdown article with front matter. */
  public static ArticleInput fromMarkdown(String source, String text) {
    String normalised = text.replace("\r\n", "\n");
    if (!normalised.startsWith("---\n")) {
      throw new ArticleInput.InvalidArticleException(source + ": a Markdown article starts with a '---' line");
    }
    int end = normalised.indexOf("\n---\n", 3);
    if (end < 0) {
      throw new ArticleInput.InvalidArticleException(source + ": the front matter has no closing '---' line");
    }
    JsonObject article = new JsonObject();
    String[] lines = normalised.substring(4, end).split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ArticleInput.InvalidArticleException(source + ": front matter line " + (i + 2)
            + " is not 'key: value'");
      }
      String key = line.substring(0, colon).strip();
      String value = unquote(line.substring(colon + 1).strip());
      article.put(key, "tags".equals(key) ? list(value) : value);
    }
    article.put("body", normalised.substring(end + 5).strip());
    return ArticleInput.parse(article, source);
  }

  private static JsonArray list(String value) {
    String inner = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
    JsonArray out = new JsonArray();
    for (String item : inner.split(",")) {
      if (!item.isBlank()) {
        out.add(unquote(item.strip()));
      }
    }
    return out;
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
        || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }
}
