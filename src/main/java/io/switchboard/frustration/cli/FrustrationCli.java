package io.switchboard.frustration.cli;

import java.util.Arrays;

/** Entry point for the frustration commands: {@code score} and {@code evaluate [dir]}. */
public final class FrustrationCli {

  private FrustrationCli() {
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    String command = args.length == 0 ? "" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    return switch (command) {
      case "score" -> ScoreCommand.run(rest, System.in, System.out, System.err);
      case "evaluate" -> EvaluateCommand.run(rest, System.out, System.err);
      default -> {
        System.err.println("usage: (score < messages.txt) | (evaluate [directory])");
        yield 2;
      }
    };
  }
}
