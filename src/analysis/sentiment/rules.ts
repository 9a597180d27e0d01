import type { Language } from '../language.js';
import { foldText } from '../text.js';
import { emojiValence, emoticonValence } from './emoji.js';
import { segmentHashtag } from './hashtag.js';
import { createLexicon, type Lexicon } from './lexicon.js';
import modifiers from './lexicons/modifiers.json' with { type: 'json' };
import { readCapitals } from './names.js';
import { englishNegations, englishVocabulary } from './lexicon-data.js';
import { tokenize, type Token } from './tokenize.js';

/**
 * The rules, after VADER (Hutto & Gilbert 2014), on a [-1, 1] valence scale:
 * - negation: a negator flips and dampens (× -0.74) the first sentiment word in the next 3 words
 *   of its clause ("non è male" → positive), and only that one: "I don't like fake people" does
 *   not turn "fake" into praise. Emoji are never negated.
 * - intensifiers and diminishers multiply the next sentiment word within 2 words
 *   ("molto bello", "un peu triste"); "poco bello" weakens and flips.
 * - contrast ("ma", "però", "mais", "but"): what comes before counts half, what follows 1.5×.
 * - elongation ("bellissimooo") and CAPITALS (in a text not all in capitals) strengthen a word.
 * - '!' strengthens the whole post's leaning, up to four of them.
 * - hashtags are split into words ("#bellagiornata" → bella giornata, "#DrainTheSwamp" by its
 *   capitals) and scored like text.
 * - names that contain opinion words score nothing: listed ones ("buona scuola", a school reform)
 *   and runs of capitalized words inside a sentence ("Social Security", "Scream Queens").
 * - a negator followed by "just", "solo", "seulement" is "not only": it negates nothing.
 * - English modals and "if" dampen the opinion words after them in their clause (irrealis).
 * - in a post with a link, or a headline in Title Case, words count half (LINK_FACTOR).
 */
export const NEGATION_FACTOR = -0.74;
export const NEGATION_SCOPE = 3;
const BOOST_SCOPE = 2;
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;
const ELONGATION_FACTOR = 1.25;
const CAPS_FACTOR = 1.25;
const BANG_STEP = 0.07;
const MAX_BANGS = 4;
/** Opinion words in a question assert less ("è bello?"): SO-CAL's irrealis blocking, softened. */
const QUESTION_FACTOR = 0.5;
/**
 * Opinion words after a modal or "if" in their clause ("it would be great", "if it were good")
 * describe what is not the case: SO-CAL's irrealis blocking (Taboada et al. 2011), softened to
 * the question's factor; SO-CAL ignores them altogether.
 */
const IRREALIS_FACTOR = QUESTION_FACTOR;
/**
 * A post that shares a link is mostly a headline or an announcement: its words count half, so
 * one opinion word in a headline is not enough to make it positive or negative. In the labelled
 * sets, 63–81% of link posts are neutral (Italian, DEFT, English; French UMSAB 38%). A post
 * written in Title Case is a headline or a title too, link or not (see names.ts).
 */
const LINK_FACTOR = 0.5;
const LINK = /https?:\/\/|\bhttp\b|www\./;
/**
 * Negative words weigh 2× (SO-CAL, Taboada et al. 2011, uses 1.5): praise is cheap, complaints
 * rarer, and our lexicons rate everyday words positive more often than negative; 2 is where the
 * scorer calls about as many posts negative as positive on unlabelled posts in each language.
 */
const NEGATIVE_WEIGHT = 2;

interface Phrase {
  words: string[];
  valence: number;
}

export interface LanguageRules {
  lexicon: Lexicon;
  negators: ReadonlySet<string>;
  intensifiers: ReadonlyMap<string, number>;
  contrast: ReadonlySet<string>;
  /** Irrealis markers (modals, "if"): the opinion words after them in their clause are not asserted. */
  irrealis: ReadonlySet<string>;
  /** In a negator's scope, before its opinion word, these make it "not only" ("isn't just good"): no negation. */
  notOnly: ReadonlySet<string>;
  /** Multi-word expressions by first word. */
  phrases: ReadonlyMap<string, Phrase[]>;
  splitElision: boolean;
}

export function createRules(lang: Language): LanguageRules {
  const m = modifiers[lang];
  const splitElision = lang !== 'en';
  const phrases = new Map<string, Phrase[]>();
  const names = m.names.map((n) => [n, 0] as const);
  for (const [text, valence] of [...Object.entries(m.phrases), ...names]) {
    const words = tokenize(text, splitElision).map((t) => t.text);
    const first = words[0];
    if (first === undefined) continue;
    phrases.set(first, [...(phrases.get(first) ?? []), { words, valence }]);
  }
  const phraseWords = [...phrases.values()].flatMap((list) => list.flatMap((p) => p.words));
  return {
    lexicon: createLexicon(lang, lang === 'en' ? [...phraseWords, ...englishVocabulary()] : phraseWords),
    negators: new Set([...m.negators, ...(lang === 'en' ? englishNegations() : [])]),
    intensifiers: new Map(Object.entries(m.intensifiers)),
    contrast: new Set(m.contrast),
    irrealis: new Set(m.irrealis),
    notOnly: new Set(m.notOnly),
    phrases,
    splitElision,
  };
}

export interface Evidence {
  /** Sum of the weighted valences of every sentiment-bearing token, '!' included. */
  sum: number;
  /** Sum of their absolute values: |sum| / magnitude tells how much the evidence agrees. */
  magnitude: number;
  /** How many tokens carried sentiment. */
  hits: number;
}

export interface ScoreOptions {
  /** Folded hashtags that carry no opinion here (a campaign's own tags): not scored. */
  ignoreHashtags?: ReadonlySet<string>;
}

const NO_PHRASES: readonly Phrase[] = [];
const PAIR_STARTS = new WeakMap<ReadonlyMap<string, number>, ReadonlySet<string>>();

/** First words of the two-word modifiers ("un peu"): only after one of them is a pair looked up. */
function pairStarts(intensifiers: ReadonlyMap<string, number>): ReadonlySet<string> {
  let starts = PAIR_STARTS.get(intensifiers);
  if (!starts) {
    starts = new Set([...intensifiers.keys()].filter((k) => k.includes(' ')).map((k) => k.slice(0, k.indexOf(' '))));
    PAIR_STARTS.set(intensifiers, starts);
  }
  return starts;
}

export function collectEvidence(text: string, rules: LanguageRules, options: ScoreOptions = {}): Evidence {
  const tokens = tokenize(text, rules.splitElision);
  const shouting = tokens.every((t) => t.kind !== 'word' || t.caps);
  const { names, capitalized, headline } = readCapitals(tokens);
  const values: number[] = [];
  let contrastAt = -1;
  let negLeft = 0;
  let irrealis = false;
  let boost = 1;
  let boostLeft = 0;
  let bangs = 0;
  let sentenceStart = 0;

  const word = (w: string, token: Token | null, words: readonly string[], i: number): number => {
    if (rules.contrast.has(w)) {
      contrastAt = values.length;
      negLeft = 0;
      boostLeft = 0;
      return 0;
    }
    for (const p of rules.phrases.get(w) ?? NO_PHRASES) {
      if (p.words.every((pw, k) => words[i + k] === pw)) {
        // A name ("buona scuola", "Super Bowl") has valence 0: its words say nothing.
        if (p.valence !== 0) values.push(p.valence);
        negLeft = 0;
        return p.words.length - 1;
      }
    }
    // A word of a Title-Case name ("Super Bowl") in running text: no opinion, no modifier.
    if (token && names?.has(i)) {
      if (negLeft > 0) negLeft -= 1;
      if (boostLeft > 0) boostLeft -= 1;
      return 0;
    }
    if (rules.negators.has(w)) {
      negLeft = NEGATION_SCOPE;
      return 0;
    }
    // "isn't just good", "non è solo bello": the negator bears on "only", not on the opinion.
    if (negLeft > 0 && rules.notOnly.has(w)) {
      negLeft = 0;
      return 0;
    }
    if (rules.irrealis.has(w)) {
      irrealis = true;
      return 0;
    }
    const before = i > 0 ? (words[i - 1] as string) : undefined;
    const pair = before !== undefined && pairStarts(rules.intensifiers).has(before) ? rules.intensifiers.get(`${before} ${w}`) : undefined;
    const factor = pair ?? rules.intensifiers.get(w);
    if (factor !== undefined) {
      boost = factor;
      boostLeft = BOOST_SCOPE;
      return 0;
    }
    // A capitalized word inside a sentence is likely a name: only a listed word counts, not one
    // found by stem ("Marco" is not "marcio", rotten).
    const lookup = token && capitalized?.has(i) ? rules.lexicon.listedValence : rules.lexicon.valence;
    let v = lookup(w);
    if ((v === undefined || v === 0) && token?.alt) v = lookup(token.alt);
    if (v === undefined || v === 0) {
      if (negLeft > 0) negLeft -= 1;
      if (boostLeft > 0) boostLeft -= 1;
      return 0;
    }
    if (boostLeft > 0) v *= boost;
    if (token?.elongated) v *= ELONGATION_FACTOR;
    if (token?.caps && !shouting) v *= CAPS_FACTOR;
    if (negLeft > 0) {
      v *= NEGATION_FACTOR;
      negLeft = 0;
    }
    boostLeft = 0;
    if (irrealis) v *= IRREALIS_FACTOR;
    values.push(Math.max(-1.5, Math.min(1.5, v)));
    return 0;
  };

  // Word texts in order, so phrases and two-word modifiers can look around.
  const words = tokens.map((t) => (t.kind === 'word' ? t.text : ''));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'word') {
      i += word(t.text, t, words, i);
    } else if (t.kind === 'hashtag') {
      if (options.ignoreHashtags?.has(foldText(t.text))) continue;
      negLeft = 0;
      irrealis = false;
      const parts = t.parts ?? segmentHashtag(t.text, rules.lexicon);
      for (let k = 0; k < parts.length; k++) k += word(parts[k] as string, null, parts, k);
      negLeft = 0;
      boostLeft = 0;
    } else if (t.kind === 'emoji' || t.kind === 'emoticon') {
      const v = t.kind === 'emoji' ? emojiValence(t.text) : emoticonValence(t.text);
      if (v) values.push(v);
    } else {
      if (t.kind === 'bang') bangs += t.text.length;
      if (t.kind === 'question') {
        for (let k = sentenceStart; k < values.length; k++) values[k] = (values[k] as number) * QUESTION_FACTOR;
      }
      if (t.kind !== 'break') sentenceStart = values.length;
      negLeft = 0;
      irrealis = false;
      boostLeft = 0;
    }
  }

  const linkFactor = LINK.test(text) || headline ? LINK_FACTOR : 1;
  let sum = 0;
  let magnitude = 0;
  for (let i = 0; i < values.length; i++) {
    const weight = contrastAt < 0 ? 1 : i < contrastAt ? BEFORE_CONTRAST : AFTER_CONTRAST;
    const raw = values[i] as number;
    const v = raw * weight * linkFactor * (raw < 0 ? NEGATIVE_WEIGHT : 1);
    sum += v;
    magnitude += Math.abs(v);
  }
  if (sum !== 0 && bangs > 0) sum += Math.sign(sum) * BANG_STEP * Math.min(bangs, MAX_BANGS);
  return { sum, magnitude, hits: values.length };
}
