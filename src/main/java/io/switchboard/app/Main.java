package io.switchboard.app;

import io.switchboard.config.ConfigException;
import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.frustration.cli.EvaluateCommand;
import io.switchboard.frustration.cli.ScoreCommand;
import io.switchboard.kb.ImportResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command line entry point.
 * <pre>
 *   run [--demo] [--config FILE]   start a gateway node (default command)
 *   import-kb FILE [--demo] [--config FILE]  import knowledge-base articles (JSON, Markdown, a directory), exit
 *   help                           print usage
 * </pre>
 * Exit codes: 0 normal, 1 usage error, 2 startup impossible (the message names the setting to fix).
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  static final String USAGE = """
      Usage: java -jar switchboard.jar <command> [options]

      Commands:
        run [--demo] [--config FILE]   start a gateway node (the default command)
        score                          score messages for frustration: one per line on stdin,
                                       one JSON object per line on stdout
        evaluate [DIR]                 ROC AUC and best-threshold F1 of the frustration score on the
                                       labelled CSV files in DIR (default ../shared/data/frustration)
        import-kb FILE [--demo] [--config FILE]
                                       import knowledge-base articles from a .json or .md file or a
                                       directory of them (see docs/knowledge-base.md), then exit;
                                       --demo uses the demo settings (no secret needed), like run --demo
        help                           show this help

      Configuration: conf/config.json, overridden by SWITCHBOARD_* environment variables, then by
      -Dswitchboard.* system properties. See README.md.
      """;

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  static int execute(String[] args) {
    List<String> rest = new ArrayList<>(List.of(args));
    String command = rest.isEmpty() || rest.get(0).startsWith("--") ? "run" : rest.remove(0);
    return switch (command) {
      case "run" -> run(rest);
      case "score" -> score(rest);
      case "evaluate" -> EvaluateCommand.run(rest.toArray(String[]::new), System.out, System.err);
      case "import-kb" -> importKnowledgeBase(rest);
      case "help", "-h" -> {
        System.out.print(USAGE);
        yield 0;
      }
      default -> {
        System.err.println("Unknown command '" + command + "'.\n" + USAGE);
        yield 1;
      }
    };
  }

  private static int run(List<String> options) {
    boolean demo = false;
    Path configFile = null;
    for (int i = 0; i < options.size(); i++) {
      switch (options.get(i)) {
        case "--demo" -> demo = true;
        case "--config" -> {
          if (i + 1 >= options.size()) {
            System.err.println("--config needs a file path.\n" + USAGE);
            return 1;
          }
          configFile = Path.of(options.get(++i));
        }
        default -> {
          System.err.println("Unknown option '" + options.get(i) + "'.\n" + USAGE);
          return 1;
        }
      }
    }
    try {
      SwitchboardConfig config = load(configFile, demo);
      Gateway gateway = Gateway.start(config);
      Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "switchboard-shutdown"));
      LOG.info("Switchboard is ready on http://localhost:{}/ (demo mode {})", gateway.port(),
          config.demo() ? "on" : "off");
      return awaitShutdown();
    } catch (ConfigException e) {
      System.err.println("Switchboard cannot start: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof ConfigException)) {
        cause = cause.getCause();
      }
      System.err.println("Switchboard cannot start: " + cause.getMessage());
      LOG.debug("Startup failure", e);
      return 2;
    }
  }

  /** {@code score} with the thresholds and weights of the configuration (file, environment, properties). */
  private static int score(List<String> args) {
    try {
      return ScoreCommand.run(args.toArray(String[]::new), System.in, System.out, System.err,
          ConfigLoader.fromProcess().frustrationSettings(null));
    } catch (ConfigException e) {
      System.err.println("score: " + e.getMessage());
      return 2;
    }
  }

  /** {@code import-kb FILE [--demo] [--config FILE]}: same database as {@code run}, upsert the articles, exit. */
  private static int importKnowledgeBase(List<String> options) {
    Path source = null;
    Path configFile = null;
    boolean demo = false;
    for (int i = 0; i < options.size(); i++) {
      String option = options.get(i);
      if (option.equals("--demo")) {
        demo = true;
      } else if (option.equals("--config") && i + 1 < options.size()) {
        configFile = Path.of(options.get(++i));
      } else if (!option.startsWith("--") && source == null) {
        source = Path.of(option);
      } else {
        System.err.println("Unknown option '" + option + "'.\n" + USAGE);
        return 1;
      }
    }
    if (source == null) {
      System.err.println("import-kb needs a file or directory.\n" + USAGE);
      return 1;
    }
    try {
      ImportResult result = KnowledgeBaseCommand.importFiles(load(configFile, demo), source);
      System.out.println("Imported " + source + ": " + result.created() + " created, " + result.updated()
          + " updated, " + result.unchanged() + " unchanged");
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println("Import failed: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      System.err.println("Import failed: " + e.getMessage());
      LOG.debug("Import failure", e);
      return 2;
    }
  }

  private static SwitchboardConfig load(Path configFile, boolean demoFlag) {
    ConfigLoader loader = ConfigLoader.fromProcess();
    if (!demoFlag) {
      return loader.load(configFile);
    }
    System.setProperty("switchboard.demo.enabled", "true");
    return loader.load(configFile);
  }

  private static int awaitShutdown() {
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
