package io.switchboard.frustration;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scores visitor messages for frustration in microseconds, in the message's own language.
 *
 * <p>All resources are read by {@link #create}; afterwards the scorer is immutable, performs no I/O, and is
 * safe to call concurrently from any thread, event loops included. Results are deterministic.
 */
public final class FrustrationScorer {

  private final FrustrationSettings settings;
  private final Tokenizer tokenizer;
  private final LanguageDetector detector;
  /** Indexed like the detector's profiles; null for languages without vocabulary. */
  private final LanguagePack[] packs;
  private final String[] codes;

  private FrustrationScorer(FrustrationSettings settings, Tokenizer tokenizer, LanguageDetector detector,
      LanguagePack[] packs, String[] codes) {
    this.settings = settings;
    this.tokenizer = tokenizer;
    this.detector = detector;
    this.packs = packs;
    this.codes = codes;
  }

  /**
   * Loads every language listed in {@code frustration/languages.txt} on the classpath.
   *
   * @throws IllegalStateException when a resource is missing or malformed (the message names the file and line)
   */
  public static FrustrationScorer create(FrustrationSettings settings) {
    Objects.requireNonNull(settings, "settings");
    ResourceText resources = new ResourceText(FrustrationScorer.class.getClassLoader());
    Tokenizer tokenizer = new Tokenizer(Symbols.load(resources));
    List<String> codes = LanguageProfile.codes(resources);
    List<LanguageProfile> profiles = new ArrayList<>();
    LanguagePack[] packs = new LanguagePack[codes.size()];
    for (int i = 0; i < codes.size(); i++) {
      LanguageProfile profile = LanguageProfile.load(resources, codes.get(i));
      if (LanguagePack.exists(resources, profile.code())) {
        packs[i] = LanguagePack.load(resources, profile);
        // the lexicon's own words are evidence of the language too ("terrible service" is English)
        profile = profile.withWords(packs[i].detectionWords());
      }
      profiles.add(profile);
    }
    return new FrustrationScorer(settings, tokenizer, new LanguageDetector(profiles, tokenizer), packs,
        codes.toArray(new String[0]));
  }

  public FrustrationSettings settings() {
    return settings;
  }

  /** The detector this scorer uses, with every profile and lexicon word loaded. */
  LanguageDetector detector() {
    return detector;
  }

  /** Languages with vocabulary, e.g. {@code [en, es, ru]}. */
  public List<String> supportedLanguages() {
    List<String> supported = new ArrayList<>();
    for (int i = 0; i < packs.length; i++) {
      if (packs[i] != null) {
        supported.add(codes[i]);
      }
    }
    return supported;
  }

  /**
   * Scores one visitor message.
   *
   * @param text the message as typed (only the first {@link FrustrationSettings#maxMessageChars()} chars are read)
   * @param context the conversation around it, or {@link ConversationSignals#none()}
   */
  public MessageScore score(String text, ConversationSignals context) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(context, "context");
    TokenizedText t = tokenizer.tokenize(text, settings.maxMessageChars());
    int language = detector.detect(t);
    LanguagePack pack = language < 0 ? null : packs[language];
    String code = language < 0 ? MessageScore.UNDETERMINED : codes[language];
    ScoreSheet sheet = new ScoreSheet();
    double vocabulary = 0;
    if (pack != null) {
      vocabulary = VocabularyAnalyzer.analyze(pack, new Words(t, pack.stemmer, pack.anyEntry), settings, sheet);
    } else if (t.letters > 0) {
      sheet.add(0.0, Reason.UNSUPPORTED_LANGUAGE, language < 0
          ? "language not recognised: scored on capitals, punctuation, emoji and context only"
          : "language '" + code + "' not supported: scored on capitals, punctuation, emoji and context only");
    }
    SurfaceAnalyzer.analyze(t, vocabulary, settings, sheet);
    ConversationAnalyzer.analyze(t, context, tokenizer, settings, sheet);
    return sheet.toScore(settings, code, pack != null);
  }
}
