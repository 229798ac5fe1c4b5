package io.switchboard.kb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads import files for {@code java -jar switchboard.jar import-kb <file or directory>}: a {@code .json}
 * document, a {@code .md} article, or a directory of those (not recursive, in name order). Blocking: for the
 * command line only.
 */
public final class KnowledgeBaseImport {

  private KnowledgeBaseImport() {
  }

  public static List<ArticleInput> read(Path path) {
    try {
      if (Files.isDirectory(path)) {
        List<ArticleInput> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(path)) {
          for (Path file : files.filter(KnowledgeBaseImport::importable).sorted().toList()) {
            all.addAll(readFile(file));
          }
        }
        return all;
      }
      if (!Files.isRegularFile(path)) {
        throw new ArticleInput.InvalidArticleException(path + ": no such file or directory");
      }
      return readFile(path);
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static boolean importable(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && (name.endsWith(".json") || name.endsWith(".md"));
  }

  private static List<ArticleInput> readFile(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String name = file.getFileName().toString();
    if (name.endsWith(".md")) {
      return List.of(ArticleFiles.fromMarkdown(file.toString(), text));
    }
    if (name.endsWith(".json")) {
      return ArticleFiles.fromJson(file.toString(), text);
    }
    throw new ArticleInput.InvalidArticleException(file + ": expected a .json or .md file");
  }
}
