package io.switchboard.frustration;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Scores the words of a message in its language: negative, abusive and positive vocabulary with negation,
 * intensifiers, diminishers, contrast ("but") and emphasis by capitals; demands for a person; threats to leave.
 * Returns the net vocabulary evidence (positive = frustration) so that emphasis can follow its direction.
 */
final class VocabularyAnalyzer {

  private static final int MODIFIER_REACH = 2;
  private static final int REQUEST_REACH = 6;
  private static final int SHORT_MESSAGE_WORDS = 4;
  private static final int MIN_PREFIXED_PART = 4;
  private static final int MAX_LISTED = 4;
  private static final LanguagePack.Entry ROOT_ENTRY = new LanguagePack.Entry(LanguagePack.Kind.ABUSIVE, 1.5);

  private VocabularyAnalyzer() {
  }

  static double analyze(LanguagePack pack, Words words, FrustrationSettings s, ScoreSheet sheet) {
    TokenizedText t = words.text;
    boolean wholeMessageCaps = t.letters > 0 && t.upperLetters * 10 >= t.letters * 7;
    double negative = 0;
    double abusive = 0;
    double positive = 0;
    double cues = 0;
    Set<String> cueWords = null;
    Set<String> negativeWords = null;
    Set<String> abusiveWords = null;
    Set<String> positiveWords = null;
    int negatorAt = -1;
    int intensifierAt = -1;
    double intensity = 0;
    int diminisherAt = -1;
    if (!pack.abbreviations.isEmpty()) {
      expandAbbreviations(pack, t);
    }
    boolean sarcasm = false;
    String sarcasmText = null;
    for (int i = 0; i < words.size(); i++) {
      LanguagePack.ModifierEntry modifier = modifier(pack, t, i);
      PhraseMatch negatorPhrase = null;
      if (modifier != null && modifier.modifier() == LanguagePack.Modifier.NEGATOR && words.candidate(i)) {
        // "ni siquiera", "no hay derecho", "no one": a phrase that starts with a negator is the phrase
        negatorPhrase = matchPhrase(pack, words, i);
      }
      if (!sarcasm && !pack.sarcasm.isEmpty() && words.candidate(i)) {
        PhraseSet.Match marker = pack.sarcasm.matchAt(words, i);
        if (marker != null) {
          sarcasm = true;
          sarcasmText = marker.text(t);
        }
      }
      if (modifier != null && negatorPhrase == null) {
        switch (modifier.modifier()) {
          case NEGATOR -> negatorAt = i;
          case INTENSIFIER -> {
            intensifierAt = i;
            intensity = modifier.weight();
          }
          case DIMINISHER -> diminisherAt = i;
          case CONTRAST -> {
            // "the crew was nice but the delay was awful": what follows "but" is what the customer means
            negative *= s.contrastDiscount();
            positive *= s.contrastDiscount();
          }
        }
        if (modifier.modifier() != LanguagePack.Modifier.INTENSIFIER) {
          continue;
        }
      }
      boolean candidate = words.candidate(i);
      if (!candidate && pack.abusiveRoots.isEmpty() && pack.negationPrefixes.isEmpty()) {
        continue;
      }
      int end = i;
      String surface;
      LanguagePack.Kind kind;
      double weight = Double.NaN;
      boolean negated = false;
      PhraseMatch phrase = negatorPhrase != null ? negatorPhrase : candidate ? matchPhrase(pack, words, i) : null;
      if (phrase != null) {
        end = phrase.end();
        surface = phrase.text(t);
        kind = phrase.kind();
        weight = phrase.match().phrase().weight();
      } else {
        LanguagePack.Entry entry = candidate ? pack.words.find(words, i) : null;
        if (entry == null && hasRoot(pack, t.key[i])) {
          entry = ROOT_ENTRY;
        }
        if (entry == null) {
          entry = prefixNegated(pack, words, i);
          negated = entry != null;
        }
        if (entry == null && !pack.intensifyingSuffixes.isEmpty()) {
          entry = intensifiedBySuffix(pack, words, i);
          if (entry != null) {
            weight = entry.weight() * (1.0 + s.intensifierBoost());
          }
        }
        if (entry == null) {
          continue;
        }
        surface = t.surface[i].toLowerCase(java.util.Locale.ROOT);
        kind = entry.kind();
        weight = Double.isNaN(weight) ? entry.weight() : weight;
      }
      boolean negatedByWord = negatorAt >= 0 && i - negatorAt <= s.negationWindow() && words.sameClause(negatorAt, i);
      negated ^= negatedByWord;
      if (intensifierAt >= 0 && intensifierAt != i && i - intensifierAt <= MODIFIER_REACH && words.sameClause(intensifierAt, i)) {
        weight *= 1.0 + s.intensifierBoost() * intensity;
      }
      if (diminisherAt >= 0 && i - diminisherAt <= MODIFIER_REACH && words.sameClause(diminisherAt, i)) {
        weight *= s.diminisherFactor();
      }
      if (t.has(i, TokenizedText.CAPS) && !wholeMessageCaps) {
        weight *= 1.0 + s.capsWordBoost();
      }
      String quoted = negatedByWord ? negatedText(t, negatorAt, i, surface) : surface;
      switch (kind) {
        case ABUSIVE -> {
          abusive += weight * s.abusiveWordWeight();
          abusiveWords = collect(abusiveWords, surface);
        }
        case NEGATIVE -> {
          if (negated) {
            positive += weight * s.negatedNegativeFactor();
          } else {
            negative += weight * s.negativeWordWeight();
            negativeWords = collect(negativeWords, surface);
          }
        }
        case POSITIVE -> {
          if (negated) {
            negative += weight * s.negatedPositiveFactor();
            negativeWords = collect(negativeWords, quoted);
          } else {
            positive += weight * s.positiveWordWeight();
            positiveWords = collect(positiveWords, surface);
          }
        }
        case CUE -> {
          if (!negated) {
            cues += weight * s.negativeWordWeight();
            cueWords = collect(cueWords, surface);
          }
        }
        case EXPECTED -> {
          if (negated) {
            negative += weight * s.negatedPositiveFactor();
            negativeWords = collect(negativeWords, quoted);
          }
        }
      }
      i = end;
    }
    if (sarcasm && positive > 0 && negative + abusive + cues > 0) {
      // "genial, otra vez retrasado", "gracias ... como siempre": praise next to a complaint and a sarcasm
      // marker is irony, so the praise counts for the complaint instead of against it
      cues += positive;
      cueWords = collect(cueWords, "sarcasm: " + sarcasmText);
      positive = 0;
      positiveWords = null;
    }
    negative = Math.min(negative, s.vocabularyCap());
    abusive = Math.min(abusive, s.vocabularyCap());
    if (abusive > 0) {
      sheet.add(abusive, Reason.ABUSIVE_WORDS, "abusive words: " + String.join(", ", abusiveWords));
    }
    if (negative > 0) {
      sheet.add(negative, Reason.NEGATIVE_WORDS, "negative words: " + String.join(", ", negativeWords));
    }
    if (cues > 0) {
      cues = Math.min(cues, s.vocabularyCap());
      sheet.add(cues, Reason.COMPLAINT_CUES, "complaint cues: " + String.join(", ", cueWords));
    }
    if (positive > 0) {
      positive = Math.min(positive, s.vocabularyCap());
      if (positiveWords != null) {
        sheet.add(-positive, Reason.POSITIVE_WORDS, "positive words: " + String.join(", ", positiveWords));
      } else {
        sheet.subtract(positive);
      }
    }
    detectHumanRequest(pack, words, s, sheet);
    detectThreat(pack, words, s, sheet);
    return negative + abusive + cues - positive;
  }

  private static LanguagePack.ModifierEntry modifier(LanguagePack pack, TokenizedText t, int i) {
    LanguagePack.ModifierEntry modifier = pack.modifiers.get(t.key[i]);
    if (modifier == null && t.alt[i] != null) {
      modifier = pack.modifiers.get(t.alt[i]);
    }
    return modifier;
  }

  private static PhraseMatch matchPhrase(LanguagePack pack, Words words, int i) {
    PhraseSet.Match match = pack.abusivePhrases.isEmpty() ? null : pack.abusivePhrases.matchAt(words, i);
    if (match != null) {
      return new PhraseMatch(match, LanguagePack.Kind.ABUSIVE);
    }
    match = pack.negativePhrases.isEmpty() ? null : pack.negativePhrases.matchAt(words, i);
    if (match != null) {
      return new PhraseMatch(match, LanguagePack.Kind.NEGATIVE);
    }
    match = pack.cuePhrases.isEmpty() ? null : pack.cuePhrases.matchAt(words, i);
    if (match != null) {
      return new PhraseMatch(match, LanguagePack.Kind.CUE);
    }
    match = pack.positivePhrases.isEmpty() ? null : pack.positivePhrases.matchAt(words, i);
    if (match != null) {
      return new PhraseMatch(match, LanguagePack.Kind.POSITIVE);
    }
    return null;
  }

  private static boolean hasRoot(LanguagePack pack, String key) {
    if (key.length() < 4) {
      return false;
    }
    for (String root : pack.abusiveRoots) {
      if (key.contains(root)) {
        return true;
      }
    }
    return false;
  }

  /** "unhelpful", "неплохо", "desagradable": a negation prefix on a listed word. */
  private static LanguagePack.Entry prefixNegated(LanguagePack pack, Words words, int i) {
    String lower = words.text.lower[i];
    for (String prefix : pack.negationPrefixes) {
      if (lower.length() - prefix.length() >= MIN_PREFIXED_PART && lower.startsWith(prefix)) {
        LanguagePack.Entry entry = pack.words.findPart(words, lower.substring(prefix.length()));
        if (entry != null && entry.kind() != LanguagePack.Kind.ABUSIVE) {
          return entry;
        }
      }
    }
    return null;
  }

  /** "malísimo", "carísimas": a superlative suffix on a listed word ("malo", "caro") intensifies it. */
  private static LanguagePack.Entry intensifiedBySuffix(LanguagePack pack, Words words, int i) {
    String lower = words.text.lower[i];
    String key = words.text.key[i];
    for (String suffix : pack.intensifyingSuffixes) {
      int base = key.length() - suffix.length();
      if (base >= 2 && key.endsWith(suffix)) {
        // the suffix replaces the word's last vowel: mal-ísimo -> malo, tard-ísimo -> tarde
        String stemPart = lower.substring(0, base);
        LanguagePack.Entry entry = pack.words.findPart(words, stemPart + "o");
        if (entry == null) {
          entry = pack.words.findPart(words, stemPart + "e");
        }
        if (entry != null && entry.kind() != LanguagePack.Kind.EXPECTED && entry.kind() != LanguagePack.Kind.CUE) {
          return entry;
        }
      }
    }
    return null;
  }

  /** "q" -> "que", "xq" -> "porque": chat abbreviations are looked up as the words they stand for. */
  private static void expandAbbreviations(LanguagePack pack, TokenizedText t) {
    for (int i = 0; i < t.size; i++) {
      String key = t.key[i];
      if (key.length() <= LanguagePack.MAX_ABBREVIATION) {
        String full = pack.abbreviations.get(key);
        if (full != null) {
          t.key[i] = full;
          t.lower[i] = full;
        }
      }
    }
  }

  private static String negatedText(TokenizedText t, int negatorAt, int i, String surface) {
    String negator = t.surface[negatorAt].toLowerCase(java.util.Locale.ROOT);
    return (i - negatorAt == 1 ? negator + " " : negator + " … ") + surface;
  }

  private static Set<String> collect(Set<String> set, String word) {
    if (set == null) {
      set = new LinkedHashSet<>(4);
    }
    if (set.size() < MAX_LISTED) {
      set.add(word);
    }
    return set;
  }

  private static void detectHumanRequest(LanguagePack pack, Words words, FrustrationSettings s, ScoreSheet sheet) {
    if (pack.persons.isEmpty()) {
      return;
    }
    for (int i = 0; i < words.size(); i++) {
      PhraseSet.Match match = words.candidate(i) ? pack.persons.matchAt(words, i) : null;
      if (match == null) {
        continue;
      }
      int requestAt = requestBefore(pack, words, i);
      boolean request = requestAt >= 0 || match.phrase().strong() || words.size() <= SHORT_MESSAGE_WORDS;
      // "I don't need a human" is not a request
      if (request && !negatedBefore(pack, words, requestAt >= 0 ? requestAt : i, s)) {
        String text = requestAt >= 0 ? span(words.text, requestAt, match.end()) : match.text(words.text);
        sheet.add(s.humanRequestedWeight(), Reason.HUMAN_REQUESTED, "asked for a person: " + text);
        return;
      }
      i = match.end();
    }
  }

  private static int requestBefore(LanguagePack pack, Words words, int personAt) {
    for (int j = personAt - 1; j >= 0 && j >= personAt - REQUEST_REACH; j--) {
      if (words.candidate(j) && pack.requests.find(words, j) != null) {
        return j;
      }
    }
    return -1;
  }

  private static boolean negatedBefore(LanguagePack pack, Words words, int at, FrustrationSettings s) {
    for (int j = at - 1; j >= 0 && j >= at - 2; j--) {
      LanguagePack.ModifierEntry modifier = pack.modifiers.get(words.key(j));
      if (modifier != null && modifier.modifier() == LanguagePack.Modifier.NEGATOR && words.sameClause(j, at)) {
        return true;
      }
    }
    return false;
  }

  private static void detectThreat(LanguagePack pack, Words words, FrustrationSettings s, ScoreSheet sheet) {
    if (pack.leaving.isEmpty()) {
      return;
    }
    for (int i = 0; i < words.size(); i++) {
      PhraseSet.Match match = words.candidate(i) ? pack.leaving.matchAt(words, i) : null;
      if (match == null) {
        continue;
      }
      boolean startsNegated = pack.modifiers.get(words.key(i)) != null;
      if (startsNegated || !negatedBefore(pack, words, i, s)) {
        sheet.add(s.threatToLeaveWeight() * match.phrase().weight(), Reason.THREAT_TO_LEAVE,
            "threat to leave: " + match.text(words.text));
        return;
      }
      i = match.end();
    }
  }

  private static String span(TokenizedText t, int start, int end) {
    return new PhraseSet.Match(null, start, end).text(t);
  }

  /** A phrase found at a position, with the kind of the set that listed it. */
  private record PhraseMatch(PhraseSet.Match match, LanguagePack.Kind kind) {
    int end() {
      return match.end();
    }

    String text(TokenizedText t) {
      return match.text(t);
    }
  }
}
