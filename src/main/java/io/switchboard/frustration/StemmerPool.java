package io.switchboard.frustration;

import java.util.function.Supplier;
import org.tartarus.snowball.SnowballStemmer;

/**
 * A Snowball stemmer per thread: Snowball stemmers keep state, the scorer is shared by all event loops.
 * The stemmer is named in the language's {@code profile.txt} ({@code stemmer = Spanish} means
 * {@code org.tartarus.snowball.ext.SpanishStemmer}), so adding a language needs no code.
 */
final class StemmerPool {

  private static final String SNOWBALL_PACKAGE = "org.tartarus.snowball.ext.";

  private final ThreadLocal<SnowballStemmer> stemmers;

  private StemmerPool(Supplier<SnowballStemmer> factory) {
    this.stemmers = factory == null ? null : ThreadLocal.withInitial(factory);
  }

  /** The stemmer called {@code name} ("English", "Russian", ...), or no stemming for an empty name. */
  static StemmerPool named(String name, String language) {
    if (name == null || name.isBlank()) {
      return new StemmerPool(null);
    }
    String className = SNOWBALL_PACKAGE + name.strip() + "Stemmer";
    try {
      Class<? extends SnowballStemmer> type = Class.forName(className).asSubclass(SnowballStemmer.class);
      var constructor = type.getConstructor();
      Supplier<SnowballStemmer> factory = () -> {
        try {
          return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot create stemmer " + className, e);
        }
      };
      factory.get();
      return new StemmerPool(factory);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException("frustration language " + language + ": unknown Snowball stemmer '" + name
          + "' (expected a class " + className + ")", e);
    }
  }

  /** The folded stem of a lowercase word. */
  String stemKey(String lowerWord) {
    if (stemmers == null) {
      return lowerWord;
    }
    SnowballStemmer stemmer = stemmers.get();
    stemmer.setCurrent(lowerWord);
    stemmer.stem();
    return foldLower(stemmer.getCurrent());
  }

  private static String foldLower(String stem) {
    for (int i = 0; i < stem.length(); i++) {
      char c = stem.charAt(i);
      if (TextFold.fold(c) != c) {
        char[] chars = stem.toCharArray();
        for (int j = i; j < chars.length; j++) {
          chars[j] = TextFold.fold(chars[j]);
        }
        return new String(chars);
      }
    }
    return stem;
  }
}
