package io.switchboard.kb;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo knowledge base of {@code run --demo}: about twenty articles per language for a small fictional
 * online shop, from {@code src/main/resources/demo/kb/{en,es,ru}.json}. Loading upserts by slug and language,
 * so every demo start is idempotent and edits made through the API to other articles survive.
 */
public final class DemoKnowledgeBase {

  private static final Logger LOG = LoggerFactory.getLogger(DemoKnowledgeBase.class);
  private static final List<String> RESOURCES = List.of("demo/kb/en.json", "demo/kb/es.json", "demo/kb/ru.json");

  private DemoKnowledgeBase() {
  }

  public static Future<ImportResult> load(Vertx vertx, KnowledgeBaseRepository articles) {
    return vertx.executeBlocking(DemoKnowledgeBase::read, false)
        .compose(articles::upsertAll)
        .onSuccess(result -> LOG.info("Demo knowledge base: {} created, {} updated, {} unchanged",
            result.created(), result.updated(), result.unchanged()));
  }

  /** The demo articles, read from the classpath (blocking: call on a worker). */
  public static List<ArticleInput> read() {
    List<ArticleInput> all = new ArrayList<>();
    for (String resource : RESOURCES) {
      try (InputStream in = DemoKnowledgeBase.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("demo knowledge base: resource " + resource + " is missing from the jar");
        }
        all.addAll(ArticleFiles.fromJson(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new IllegalStateException("demo knowledge base: cannot read " + resource + ": " + e.getMessage(), e);
      }
    }
    return all;
  }
}
