package io.switchboard.frustration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The vocabulary of one supported language, from {@code frustration/<lang>/lexicon.txt}. Sections:
 * <ul>
 *   <li>{@code [negative]}, {@code [positive]}, {@code [abusive]}: words or phrases with an optional weight (default 1);
 *   <li>{@code [cues]}: not negative in themselves but what complaints are made of ("still", "why", "on hold");
 *   <li>{@code [expected]}: what a customer expects to happen ("work", "answer", "help"): neutral, but negated
 *       ("doesn't work", "nadie contesta", "не отвечает") it is a complaint;
 *   <li>{@code [abusive-roots]}: roots matched inside words, for obscenity that takes prefixes as well as endings;
 *   <li>{@code [negators]}, {@code [intensifiers]} (optional weight), {@code [diminishers]}, {@code [contrast]}: single words;
 *   <li>{@code [negation-prefixes]}: prefixes that negate a listed word ("un" + helpful, "не" + плохо, "des" + agradable);
 *   <li>{@code [person]}: ways to name a human agent; a leading "!" marks phrases that are a request on their own
 *       ("real person"); others need a {@code [request]} word before them ("talk to an agent") or a short message;
 *   <li>{@code [leave]}: threats to leave, cancel, complain or sue, with an optional weight;
 *   <li>{@code [sarcasm]} (optional): markers such as "otra vez", "como siempre" that make praise next to a
 *       complaint ironic ("genial, otra vez retrasado"): the praise then counts for the complaint;
 *   <li>{@code [intensifying-suffixes]} (optional): superlative endings ("ísimo") that intensify the listed word
 *       they replace the last vowel of ("malísimo" = very "malo");
 *   <li>{@code [abbreviations]} (optional): "short full" pairs for chat spellings ("q que", "xq porque"),
 *       looked up as the full word.
 * </ul>
 */
final class LanguagePack {

  enum Kind { NEGATIVE, POSITIVE, ABUSIVE, EXPECTED, CUE }

  record Entry(Kind kind, double weight) {
  }

  enum Modifier { NEGATOR, INTENSIFIER, DIMINISHER, CONTRAST }

  record ModifierEntry(Modifier modifier, double weight) {
  }

  final String code;
  final StemmerPool stemmer;
  final WordTable<Entry> words = new WordTable<>();
  final PhraseSet negativePhrases = new PhraseSet();
  final PhraseSet positivePhrases = new PhraseSet();
  final PhraseSet abusivePhrases = new PhraseSet();
  final PhraseSet cuePhrases = new PhraseSet();
  final Map<String, ModifierEntry> modifiers = new HashMap<>();
  final List<String> abusiveRoots = new ArrayList<>();
  final List<String> negationPrefixes = new ArrayList<>();
  final PhraseSet persons = new PhraseSet(true);
  final WordTable<Boolean> requests = new WordTable<>();
  final PhraseSet leaving = new PhraseSet(true);
  final PhraseSet sarcasm = new PhraseSet();
  final List<String> intensifyingSuffixes = new ArrayList<>();
  final Map<String, String> abbreviations = new HashMap<>();
  static final int MAX_ABBREVIATION = 4;
  /** Words that start with no stem of any table or phrase need no lookup at all. */
  PrefixFilter anyEntry;

  private LanguagePack(String code, StemmerPool stemmer) {
    this.code = code;
    this.stemmer = stemmer;
  }

  static boolean exists(ResourceText resources, String code) {
    return resources.exists(lexiconPath(code));
  }

  static LanguagePack load(ResourceText resources, LanguageProfile profile) {
    LanguagePack pack = new LanguagePack(profile.code(), StemmerPool.named(profile.stemmer(), profile.code()));
    for (ResourceText.Line line : resources.lines(lexiconPath(profile.code()))) {
      pack.add(line);
    }
    pack.words.seal();
    pack.requests.seal();
    pack.negativePhrases.seal();
    pack.positivePhrases.seal();
    pack.abusivePhrases.seal();
    pack.cuePhrases.seal();
    pack.persons.seal();
    pack.leaving.seal();
    pack.sarcasm.seal();
    pack.anyEntry = new PrefixFilter(pack.allStems());
    return pack;
  }

  private static String lexiconPath(String code) {
    return "frustration/" + code + "/lexicon.txt";
  }

  private void add(ResourceText.Line line) {
    List<String> terms = line.terms();
    double weight = line.weight(1.0);
    boolean phrase = terms.size() > 1;
    switch (line.section()) {
      case "negative" -> addSentiment(terms, phrase, Kind.NEGATIVE, weight, negativePhrases);
      case "positive" -> addSentiment(terms, phrase, Kind.POSITIVE, weight, positivePhrases);
      case "abusive" -> addSentiment(terms, phrase, Kind.ABUSIVE, weight, abusivePhrases);
      case "cues" -> addSentiment(terms, phrase, Kind.CUE, weight, cuePhrases);
      case "expected" -> addSentiment(terms, phrase, Kind.EXPECTED, weight, null);
      case "abusive-roots" -> abusiveRoots.add(TextFold.key(single(line, terms)));
      case "negation-prefixes" -> negationPrefixes.add(TextFold.key(single(line, terms)));
      case "negators" -> modifiers.put(TextFold.key(single(line, terms)), new ModifierEntry(Modifier.NEGATOR, weight));
      case "intensifiers" -> modifiers.put(TextFold.key(single(line, terms)), new ModifierEntry(Modifier.INTENSIFIER, weight));
      case "diminishers" -> modifiers.put(TextFold.key(single(line, terms)), new ModifierEntry(Modifier.DIMINISHER, weight));
      case "contrast" -> modifiers.put(TextFold.key(single(line, terms)), new ModifierEntry(Modifier.CONTRAST, weight));
      case "person" -> persons.add(terms, weight, stemmer);
      case "request" -> requests.add(single(line, terms), Boolean.TRUE, stemmer);
      case "leave" -> leaving.add(terms, weight, stemmer);
      case "sarcasm" -> sarcasm.add(terms, weight, stemmer);
      case "intensifying-suffixes" -> intensifyingSuffixes.add(TextFold.key(single(line, terms)));
      case "abbreviations" -> {
        if (terms.size() != 2 || terms.get(0).length() > MAX_ABBREVIATION) {
          throw new IllegalStateException(line.where() + ": [abbreviations] takes 'short full', short up to "
              + MAX_ABBREVIATION + " letters");
        }
        abbreviations.put(TextFold.key(terms.get(0)), TextFold.key(terms.get(1)));
      }
      default -> throw new IllegalStateException(line.where() + ": unknown section [" + line.section() + "]");
    }
  }

  private void addSentiment(List<String> terms, boolean phrase, Kind kind, double weight, PhraseSet phrases) {
    if (!phrase) {
      words.add(terms.get(0), new Entry(kind, weight), stemmer);
    } else if (phrases != null) {
      phrases.add(terms, weight, stemmer);
    } else {
      throw new IllegalStateException("frustration/" + code + "/lexicon.txt: [expected] takes single words: " + terms);
    }
  }

  private static String single(ResourceText.Line line, List<String> terms) {
    if (terms.size() != 1) {
      throw new IllegalStateException(line.where() + ": section [" + line.section() + "] takes one word per line");
    }
    return terms.get(0);
  }

  private List<String> allStems() {
    List<String> stems = new ArrayList<>();
    words.stemKeys().forEach(stems::add);
    words.surfaceKeys().forEach(stems::add);
    requests.stemKeys().forEach(stems::add);
    for (PhraseSet set : List.of(negativePhrases, positivePhrases, abusivePhrases, cuePhrases, persons, leaving, sarcasm)) {
      set.firstStems().forEach(stems::add);
    }
    return stems;
  }

  /** Single words of the lexicon, as extra evidence for the language detector. */
  List<String> detectionWords() {
    List<String> all = new ArrayList<>();
    words.surfaceKeys().forEach(all::add);
    all.addAll(modifiers.keySet());
    return all;
  }
}
