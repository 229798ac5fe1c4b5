package io.switchboard.kb;

import io.switchboard.app.Gateway;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestDatabase;
import io.switchboard.testing.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Knowledge-base REST API: CRUD, validation, roles, import, search")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KnowledgeBaseApiTest {

  private static Gateway node;
  private static int port;
  private static String admin;
  private static String agent;

  @BeforeAll
  static void start() {
    node = TestNodes.start();
    port = node.port();
    admin = Http.login(port, "admin", "demo-admin-pass");
    agent = Http.login(port, "agent", "demo-agent-pass");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static String slug() {
    return "test-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static JsonObject article(String slug) {
    return new JsonObject().put("slug", slug).put("language", "en").put("category", "general")
        .put("title", "Parking at the warehouse").put("body", "Visitors can park behind the warehouse for free.")
        .put("tags", new JsonArray().add("parking").add("car park"))
        .put("quickReplies", new JsonArray().add(new JsonObject().put("label", "Directions").put("payload", "topic:general")))
        .put("links", new JsonArray().add(new JsonObject().put("title", "Map").put("url", "https://example.com/map")));
  }

  @Test
  @DisplayName("an admin creates, reads, updates (version grows) and deletes an article")
  void adminCrud() {
    String slug = slug();
    Http.Response created = Http.post(port, "/api/kb/articles", admin, article(slug).encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    long id = created.json().getLong("id");
    assertThat(created.json().getInteger("version")).isEqualTo(1);

    Http.Response read = Http.get(port, "/api/kb/articles/" + id, agent);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().getJsonArray("tags")).containsExactly("parking", "car park");
    assertThat(read.json().getJsonArray("links").getJsonObject(0).getString("url")).isEqualTo("https://example.com/map");

    JsonObject changed = article(slug).put("title", "Parking and bicycles").put("version", 1);
    Http.Response updated = Http.request(port, "PUT", "/api/kb/articles/" + id, admin, "application/json",
        changed.encode());
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().getInteger("version")).isEqualTo(2);
    Http.Response stale = Http.request(port, "PUT", "/api/kb/articles/" + id, admin, "application/json",
        changed.encode());
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().getString("message")).contains("version 2");

    Http.Response found = Http.get(port, "/api/kb/search?lang=en&q=bicycle%20parking", agent);
    assertThat(found.json().getJsonArray("hits").getJsonObject(0).getLong("articleId")).isEqualTo(id);

    assertThat(Http.request(port, "DELETE", "/api/kb/articles/" + id, admin, null, null).status()).isEqualTo(204);
    assertThat(Http.get(port, "/api/kb/articles/" + id, agent).status()).isEqualTo(404);
    assertThat(Http.request(port, "DELETE", "/api/kb/articles/" + id, admin, null, null).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("a second article with the same slug and language is a 409 conflict")
  void duplicateSlug() {
    String slug = slug();
    assertThat(Http.post(port, "/api/kb/articles", admin, article(slug).encode()).status()).isEqualTo(201);
    Http.Response again = Http.post(port, "/api/kb/articles", admin, article(slug).encode());
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().getString("error")).isEqualTo("conflict");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "missing title            | title                | null                    | title: required",
      "bad language             | language             | \"de\"                  | language: must be one of en, es, ru",
      "bad slug                 | slug                 | \"Not A Slug\"          | slug: must be lower-case",
      "tags not a list          | tags                 | \"parking\"             | tags: must be a list",
      "quick reply without payload | quickReplies      | [{\"label\":\"x\"}]     | quickReplies[0].payload: required",
      "link with a bad url      | links                | [{\"title\":\"x\",\"url\":\"javascript:alert(1)\"}] | links[0].url: must start with",
      "unknown field            | colour               | \"red\"                 | colour: unknown field",
      "NUL in the body          | body                 | \"a\\u0000b\"            | must not contain U+0000"})
  @DisplayName("bad input is a 400 that names the field")
  void validation(String name, String field, String json, String message) {
    JsonObject body = article(slug());
    Object value = json.equals("null") ? null : new JsonObject("{\"v\":" + json + "}").getValue("v");
    if (value == null) {
      body.remove(field);
    } else {
      body.put(field, value);
    }
    Http.Response response = Http.post(port, "/api/kb/articles", admin, body.encode());
    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.json().getString("error")).isEqualTo("bad_request");
    assertThat(response.json().getString("message")).contains(message);
  }

  @Test
  @DisplayName("malformed JSON and bad parameters are 400s")
  void malformedInput() {
    assertThat(Http.post(port, "/api/kb/articles", admin, "{not json").status()).isEqualTo(400);
    assertThat(Http.get(port, "/api/kb/articles/abc", agent).status()).isEqualTo(400);
    assertThat(Http.get(port, "/api/kb/search?lang=fr&q=x", agent).status()).isEqualTo(400);
    assertThat(Http.get(port, "/api/kb/search?lang=en", agent).status()).isEqualTo(400);
    assertThat(Http.get(port, "/api/kb/gaps?from=yesterday", admin).status()).isEqualTo(400);
  }

  @Test
  @DisplayName("agents may read and search but not write; only supervisors and admins see the gaps report")
  void roles() {
    assertThat(Http.post(port, "/api/kb/articles", agent, article(slug()).encode()).status()).isEqualTo(403);
    assertThat(Http.request(port, "PUT", "/api/kb/articles/1", agent, "application/json", "{}").status())
        .isEqualTo(403);
    assertThat(Http.request(port, "DELETE", "/api/kb/articles/1", agent, null, null).status()).isEqualTo(403);
    assertThat(Http.post(port, "/api/kb/import", agent, "[]").status()).isEqualTo(403);
    assertThat(Http.get(port, "/api/kb/gaps", agent).status()).isEqualTo(403);
    assertThat(Http.get(port, "/api/kb/articles?lang=ru", null).status()).isEqualTo(401);
    assertThat(Http.get(port, "/api/kb/articles?lang=ru&category=payments", agent).body()).contains("gift-cards");
  }

  @Test
  @DisplayName("importing the same document twice creates, then changes nothing; a changed article is updated")
  void importIsIdempotent() {
    String slug = slug();
    JsonObject document = new JsonObject().put("articles", new JsonArray()
        .add(article(slug))
        .add(article(slug).put("language", "es").put("title", "Aparcamiento").put("body", "Se puede aparcar gratis.")));
    JsonObject first = Http.post(port, "/api/kb/import", admin, document.encode()).json();
    assertThat(first).isEqualTo(new JsonObject().put("created", 2).put("updated", 0).put("unchanged", 0));
    JsonObject second = Http.post(port, "/api/kb/import", admin, document.encode()).json();
    assertThat(second).isEqualTo(new JsonObject().put("created", 0).put("updated", 0).put("unchanged", 2));
    document.getJsonArray("articles").getJsonObject(0).put("body", "Parking is free behind the warehouse.");
    JsonObject third = Http.post(port, "/api/kb/import", admin, document.encode()).json();
    assertThat(third).isEqualTo(new JsonObject().put("created", 0).put("updated", 1).put("unchanged", 1));
    assertThat(TestDatabase.column("SELECT version FROM kb_articles WHERE slug = ? ORDER BY language", slug))
        .containsExactly(2, 1);
  }

  @Test
  @DisplayName("a bad article anywhere in an import changes nothing and names its position")
  void importIsAllOrNothing() {
    String slug = slug();
    JsonArray articles = new JsonArray().add(article(slug)).add(article(slug()).put("language", "xx"));
    Http.Response response = Http.post(port, "/api/kb/import", admin, articles.encode());
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().getString("message")).contains("articles[1].language");
    assertThat(TestDatabase.column("SELECT id FROM kb_articles WHERE slug = ?", slug)).isEmpty();
  }

  @Test
  @DisplayName("a Markdown article with front matter can be imported")
  void markdownImport() {
    String slug = slug();
    String markdown = """
        ---
        slug: %s
        language: ru
        category: general
        title: Парковка у склада
        tags: [парковка, стоянка]
        ---
        Посетители могут бесплатно парковаться за складом.
        """.formatted(slug);
    Http.Response response = Http.request(port, "POST", "/api/kb/import", admin, "text/markdown; charset=utf-8",
        markdown);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().getInteger("created")).isEqualTo(1);
    assertThat(TestDatabase.column("SELECT body FROM kb_articles WHERE slug = ?", slug))
        .containsExactly("Посетители могут бесплатно парковаться за складом.");
  }
}
