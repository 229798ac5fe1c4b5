package io.switchboard.frustration.cli;

/**
 * Cleans evaluation texts of what their publishers did to them, so that we measure the scorer on what a
 * customer wrote: HTML entities left in tweets, and the US airline set's rewriting of words such as "late" and
 * "cancel" into "Late Flight" / "Cancelled Flight" (which also broke "later" into "Late Flightr"). The rewrite
 * is undone, never scored.
 */
final class EvaluationInput {

  private EvaluationInput() {
  }

  static String clean(String text) {
    String cleaned = text;
    if (cleaned.indexOf('&') >= 0) {
      cleaned = cleaned.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
          .replace("&#39;", "'");
    }
    if (cleaned.contains(" Flight")) {
      cleaned = cleaned.replace("Cancelled Flight", "cancel").replace("Late Flight", "late");
    }
    return cleaned;
  }
}
