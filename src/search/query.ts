import type { SearchIndex } from './build.js';
import { CONCEPT_PREFIX, conceptsByPinyin, findConcepts, matchUnits } from './concepts.js';
import { hanWords, isWeakWord } from './fillers.js';
import { splitRuns, type Run } from './normalize.js';
import { parsePinyinWord, readQueryRun } from './pinyin.js';
import { isStopWord } from './stem.js';
import { crossPair, hanGrams, pinyinTerms, wordPair, wordTerm } from './tokens.js';
import type { Correction } from './typo.js';

/** A substring whose presence in a quote earns a bonus. */
export interface Phrase {
  /** Where to look: the quote's normalised Chinese, its run-together pinyin, or its pinyin initials. */
  target: 'text' | 'pinyin' | 'initials';
  /** The substring. */
  text: string;
  /** Points added when found. */
  bonus: number;
  /** No bonus for quotes whose Chinese contains this (the pinyin echo of a phrase already found as written). */
  unless?: string;
  /** The query word this phrase spells, when finding it explains that word (pinyin, initials). */
  group?: number;
}

/**
 * One content word of the query (a Chinese word as the segmenter cuts it, an English word, a pinyin phrase) and
 * the evidence that a quote speaks of it: a quote explains the word when it holds every term of one alternative
 * (or enough of them: half the bigrams of a long word), or a phrase that names the group.
 */
export interface WordGroup {
  /** The word as the query wrote it, for explanations. */
  label: string;
  /** How much of the query it is: its weight × idf, unknown words counting as the rarest. */
  mass: number;
  /** Alternative term sets; the share of one set a quote holds, times its credit, is how well it explains the word. */
  alternatives: Alternative[];
}

/** One way a quote may explain a query word, and how much it is worth (a guessed spelling less than the word). */
export interface Alternative {
  terms: string[];
  credit: number;
  /** A guessed spelling ("bake" read as "take"): it may add to how well a word is explained, never make it evidence. */
  spelling?: true;
}

/** Credit for evidence that is a guess: a homophone, a relative of an English word, a spelling fix or split. */
const GUESS_CREDIT = 0.75;
/**
 * Characters that make a word of their own but say little of what a query is about ("不做", "想用", "很多"): such
 * words count for a fifth of their weight in how much of the query a quote explains.
 */
const LIGHT_CHARS: ReadonlySet<string> = new Set([...'不没做想用去来出到很还再多少好']);
const LIGHT_SHARE = 0.2;

/** What a query asks for, in index terms. */
export interface QueryPlan {
  /** Index term → weight. */
  terms: Map<string, number>;
  /** Pinyin term → the Chinese gram it echoes: it only counts for quotes lacking that gram (homophone typos). */
  echoes: Map<string, string>;
  /** Terms that add to a match but cannot make one alone: single characters of a longer run, fillers, weak words. */
  weak: Set<string>;
  /** Phrases that earn bonuses. */
  phrases: Phrase[];
  /** The score a quote matching everything would roughly get; scales the top hit's confidence. */
  ideal: number;
  /** The query's essential terms with their weight × idf: how much of the query a question covers. */
  core: Array<[term: string, mass: number]>;
  /** True when the query is shaped like a question ("为什么不做 2C?"), so the interviewer's questions count. */
  asks: boolean;
  /** The query's content words (no fillers, no question words): how much of the query a quote explains. */
  groups: WordGroup[];
}

/**
 * Question marks, Chinese interrogatives, an English question word first, or words asking for a view, a reason or
 * advice ("给创业者的建议", "his take on 2C", "advice for founders"): what the interviewer's questions map.
 */
const QUESTION_SHAPE =
  /[?？]|为什么|为何|什么|怎么|怎样|如何|哪|谁|多少|看法|看待|评价|观点|建议|意见|启发|原因|[吗呢么][\s\p{P}]*$|^\s*(why|what|how|who|which|when|where|is|are|do|does|did|can|could|should|will|would)\b|\b(think|thinks|thought|thoughts|view|views|opinion|opinions|take on|advice|advise|tips|lessons?|reasons?|recommend\w*|suggest\w*)\b/iu;

/** True for queries that ask something, as opposed to naming a topic or quoting a phrase. */
export function isQuestion(query: string): boolean {
  return QUESTION_SHAPE.test(query);
}

/** Weights of each kind of evidence, relative to a matching Chinese bigram or English word (1). */
const W = {
  hanUnigram: 0.4,
  /** Pinyin of Chinese query text, standing in for a gram the quote lacks: 边练边用 finds 边炼边用. */
  hanEcho: 0.6,
  pinyin: 1,
  knownWordInPinyin: 0.5,
  typo: 0.9,
  /** Minimum similarity for a spelling correction to count. */
  typoFloor: 0.6,
  /** Two query words found next to each other ("same time"), on top of the words themselves. */
  pair: 0.5,
  /** A number or Latin word next to Chinese ("1750 亿", "A100 训练"). */
  cross: 0.6,
  /** Words sharing a long stem prefix ("succeed" and "success"): Porter leaves these apart. */
  related: 0.4,
  phrase: 0.8,
  echoPhrase: 0.6,
  pinyinPhrase: 0.8,
  /** Points per letter of a matched initials string such as "dfscx". */
  initialsPerLetter: 1.5,
  /** A concept the query names ("谷歌" → Google), in whatever language or spelling the quote names it. */
  concept: 1,
  /** A broader concept implied by the one named (微软亚洲研究院 → Microsoft). */
  broader: 0.5,
  /** Chinese function words and fillers (为什么, 一个, 最重要), and grams straddling them. */
  filler: 0.2,
  /** English words too general to decide a search ("just", "something", "got"). */
  weak: 0.3,
  /** What the query asks for (a view, a reason, advice), matching questions that ask the same. */
  intent: 0.6,
  /** Grams and words spelling a concept the query names: its concept term carries most of their weight. */
  inConcept: 0.35,
} as const;
/** Concepts naming what a question asks for (a view, a reason, advice): weak terms, never content words. */
const INTENT_PREFIX = `${CONCEPT_PREFIX}ask-`;
/** The interviewee: every quote is his, so naming him ("what does Zhou Ming think") is not a content word. */
const SPEAKER = `${CONCEPT_PREFIX}zhou-ming`;
const MIN_INITIALS = 4;
const MAX_GUESSED_LENGTH = 24;
const MAX_GUESSES = 8;
const MAX_INITIALS = 12;
/** Roughly the saturated BM25F factor of a good match, for the ideal score. */
const IDEAL_FACTOR = 1.2;

/** Accumulates a plan; `optional` evidence (echoes, guesses, pairs) is left out of the ideal score. */
class PlanBuilder {
  readonly terms = new Map<string, number>();
  readonly echoes = new Map<string, string>();
  readonly weak = new Set<string>();
  readonly phrases: Phrase[] = [];
  readonly groups: WordGroup[] = [];
  private readonly optional = new Set<string>();
  /** The last English term and its weight, for word pairs; the last run, for cross-script pairs. */
  previousWord: string | undefined;
  previousWeight = 1;
  previousWeak = false;
  previousRun: { kind: Run['kind']; edge: string } | undefined;
  /** Unknown words whose spelling was guessed so far. */
  guesses = 0;

  constructor(readonly index: SearchIndex) {}

  idf(term: string): number {
    return this.index.postings.get(term)?.idf ?? 0;
  }

  /** The idf of a term the corpus may lack: an unknown word is as specific as a word can be. */
  idfOrMax(term: string): number {
    return this.index.postings.get(term)?.idf ?? this.maxIdf();
  }

  maxIdf(): number {
    return Math.log(1 + (this.index.quotes.length + 0.5) / 0.5);
  }

  /** Records a content word; returns its position, for phrases that explain it. */
  group(label: string, mass: number, alternatives: Alternative[]): number {
    this.groups.push({ label, mass, alternatives }); // alternatives may still grow (spelling fixes)
    return this.groups.length - 1;
  }

  add(term: string, weight: number, isOptional = false, isWeak = false): void {
    if (weight <= (this.terms.get(term) ?? 0)) return;
    this.terms.set(term, weight);
    if (isOptional) this.optional.add(term);
    else this.optional.delete(term);
    if (isWeak) this.weak.add(term);
    else this.weak.delete(term);
  }

  addWord(term: string, weight: number, isOptional = false, isWeak = false): void {
    this.add(term, weight, isOptional, isWeak);
    if (this.previousWord !== undefined) {
      const pairWeight = Math.min(weight, this.previousWeight) * W.pair;
      this.add(wordPair(this.previousWord, term), pairWeight, true, isWeak && this.previousWeak);
    }
    this.previousWord = term;
    this.previousWeight = weight;
    this.previousWeak = isWeak;
  }

  /** Cross-script pairs between this run and the previous one, as the index makes them. */
  touch(kind: Run['kind'], first: string, last: string): void {
    const prev = this.previousRun;
    if (prev !== undefined && prev.kind !== kind) this.add(crossPair(prev.edge, first), W.cross, true);
    this.previousRun = { kind, edge: last };
    if (kind === 'han') this.previousWord = undefined;
  }

  pinyinBonus(syllables: readonly string[], weight: number): number {
    const pairs = new Set(pinyinTerms(syllables).filter((t) => t.includes('_')));
    return weight * [...pairs].reduce((sum, t) => sum + this.idf(t), 0);
  }

  build(): Omit<QueryPlan, 'asks' | 'groups'> {
    // A query of nothing but weak terms ("的", "是不是") still deserves what they match.
    if (this.weak.size === this.terms.size) this.weak.clear();
    const maxIdf = Math.log(1 + (this.index.quotes.length + 0.5) / 0.5);
    let ideal = 0;
    const core: Array<[string, number]> = [];
    for (const [term, weight] of this.terms) {
      if (this.optional.has(term)) continue;
      const mass = weight * (this.index.postings.get(term)?.idf ?? maxIdf);
      core.push([term, mass]);
      ideal += mass * IDEAL_FACTOR;
    }
    for (const p of this.phrases) if (p.target === 'text') ideal += p.bonus;
    const phrases = this.phrases.filter((p) => p.text.length >= 2 && p.bonus > 0);
    return { terms: this.terms, echoes: this.echoes, weak: this.weak, phrases, ideal, core };
  }
}

/** Turns a normalised, non-empty query into index terms and phrases. */
export function planQuery(
  query: string,
  normalized: string,
  index: SearchIndex,
  correct: (word: string) => Correction[],
): QueryPlan {
  const plan = new PlanBuilder(index);
  const runs = splitRuns(normalized);
  // English function words that are no syllable ("why", "the", "from") say the query is English: an unknown word
  // in it ("America", "niche", "same time") is English the corpus lacks, not pinyin ("a me ri ca").
  const english = runs.some((r) => r.kind === 'word' && isStopWord(r.text) && !parsePinyinWord(r.text));
  const groups = groupRuns(runs).map((group) => ({
    ...group,
    pinyin:
      group.kind === 'word' &&
      !english &&
      !(group.runs.length === 1 && namesConcept(group.runs)) &&
      readsAsPinyin(group.runs, index),
  }));
  // Concepts may span groups ("C端", "large model") but are never read into pinyin ("ai" is also a syllable).
  const unitsOf = groups.map((g) => (g.pinyin ? g.runs.map(() => '') : matchUnits(g.runs)));
  const inConcept = new Uint8Array(unitsOf.reduce((sum, units) => sum + units.length, 0));
  const conceptAt: Array<string | undefined> = new Array<string | undefined>(inConcept.length);
  for (const match of findConcepts(unitsOf.flat())) {
    inConcept.fill(1, match.start, match.end);
    conceptAt.fill(match.terms[0], match.start, match.end);
    match.terms.forEach((term, i) => {
      if (term.startsWith(INTENT_PREFIX)) plan.add(term, W.intent, false, true);
      else plan.add(term, i === 0 ? W.concept : W.broader);
    });
  }
  let at = 0;
  groups.forEach((group, g) => {
    const from = at;
    const covered = inConcept.subarray(from, (at += unitsOf[g]!.length));
    const concepts = conceptAt.slice(from, at);
    if (group.kind === 'han') planChinese(plan, group.runs[0]?.text ?? '', covered, concepts);
    else if (group.pinyin) planPinyin(plan, group.runs);
    else planWords(plan, group.runs, covered, concepts, correct);
  });
  return { ...plan.build(), asks: isQuestion(query), groups: plan.groups };
}

/**
 * A Chinese run: character grams weighted by what the segmenter says they are. Grams of fillers, or straddling
 * one, count little; a bigram straddling two content words that no quote contains is an artefact of cutting
 * grams ("歌发" in "谷歌发明"), not a word the corpus lacks, so it does not lower the query's ideal score.
 * Grams spelling a concept count less, as its concept term carries them: "通用人工智能" must not outweigh "AGI".
 */
function planChinese(
  plan: PlanBuilder,
  han: string,
  inConcept: Uint8Array,
  conceptAt: ReadonlyArray<string | undefined>,
): void {
  const chars = [...han];
  plan.touch('han', chars[0] ?? '', chars[chars.length - 1] ?? '');
  const wordOf = new Int32Array(chars.length);
  const filler = new Uint8Array(chars.length);
  const words = hanWords(han);
  words.forEach((word, k) => {
    // A word of light characters only ("不出", "想做") weighs like a filler: rare as a bigram, empty as a topic.
    const light = chars.slice(word.start, word.end).every((ch) => LIGHT_CHARS.has(ch));
    for (let i = word.start; i < word.end && i < chars.length; i++) {
      wordOf[i] = k;
      filler[i] = word.filler || light ? 1 : 0;
    }
  });
  // hanGrams lists the unigrams (gram g is character g), then the bigrams (gram n + i starts at character i).
  const n = chars.length;
  const grams = hanGrams(han);
  const weights = grams.map((_, g) => {
    if (g < n) return (n > 1 ? W.hanUnigram : 1) * (filler[g] ? W.filler : inConcept[g] ? W.inConcept : 1);
    const i = g - n;
    return filler[i] || filler[i + 1] ? W.filler : inConcept[i] && inConcept[i + 1] ? W.inConcept : 1;
  });
  const weak = grams.map((_, g) =>
    g < n ? n > 1 || filler[g] === 1 : filler[g - n]! + filler[g - n + 1]! > 0,
  );
  grams.forEach((gram, g) => {
    const junk = g >= n && wordOf[g - n] !== wordOf[g - n + 1] && plan.idf(gram) === 0;
    plan.add(gram, weights[g]!, junk, weak[g]);
  });
  const syllables = readQueryRun(han, plan.index.readings);
  const aligned = syllables.length === n;
  // Single characters in a row that are not fillers are one word the segmenter did not know ("微信" as 微 + 信):
  // a quote explains them together, not one character here and one there.
  const units: Array<{ start: number; end: number }> = [];
  for (const word of words) {
    if (word.filler) continue;
    const last = units[units.length - 1];
    if (word.end - word.start === 1 && last?.end === word.start && last.end - last.start >= 1) {
      const lastIsSingles = words.some((w) => w.start === last.start && w.end - w.start === 1);
      if (lastIsSingles) {
        last.end = word.end;
        continue;
      }
    }
    units.push({ start: word.start, end: word.end });
  }
  for (const word of units) {
    const end = Math.min(word.end, n);
    const text = chars.slice(word.start, end).join('');
    if (text === '') continue;
    const concepts = [...new Set(conceptAt.slice(word.start, end).filter((c) => c !== undefined))];
    if (concepts.some((c) => c === SPEAKER || c.startsWith(INTENT_PREFIX))) continue;
    const light = [...text].every((ch) => LIGHT_CHARS.has(ch)) ? LIGHT_SHARE : 1;
    const byConcept = concepts.map((c) => ({ terms: [c], credit: 1 }));
    if (end - word.start === 1) {
      const mass = light * W.hanUnigram * plan.idfOrMax(text);
      plan.group(text, mass, [{ terms: [text], credit: 1 }, ...byConcept]);
      continue;
    }
    const bigrams = hanGrams(text).slice(end - word.start);
    const mass = (light * bigrams.reduce((sum, b) => sum + plan.idfOrMax(b), 0)) / bigrams.length;
    const echoes = aligned
      ? pinyinTerms(syllables.slice(word.start, end)).filter((t) => t.includes('_'))
      : [];
    plan.group(text, mass, [
      { terms: bigrams, credit: 1 },
      { terms: echoes, credit: GUESS_CREDIT },
      ...byConcept,
    ]);
  }
  if (!aligned) return; // a character without a reading: no safe alignment
  // Echo each gram in pinyin (hanGrams and pinyinTerms list unigrams then bigrams, so they align). Only bigrams
  // of multi-character runs: a single syllable is too weak (and too common) to stand in for a character.
  pinyinTerms(syllables).forEach((term, g) => {
    const gram = grams[g];
    if (gram === undefined || plan.terms.has(term) || (g < n && n > 1)) return;
    plan.add(term, W.hanEcho * weights[g]!, true, weak[g]);
    plan.echoes.set(term, gram);
  });
  if (n >= 2) {
    // Three characters or more found as written are strong evidence even when made of fillers ("我们的技术"):
    // the phrase counts every bigram in full. Two characters keep their weights ("的是" stays small).
    const bigrams = new Map(grams.slice(n).map((gram, i) => [gram, n >= 3 ? 1 : weights[n + i]!]));
    const bigramIdf = [...bigrams].reduce((sum, [gram, weight]) => sum + weight * plan.idf(gram), 0);
    plan.phrases.push({ target: 'text', text: han, bonus: W.phrase * bigramIdf });
    const bonus = plan.pinyinBonus(syllables, W.echoPhrase);
    plan.phrases.push({ target: 'pinyin', text: syllables.join(''), bonus, unless: han });
  }
}

/** True when the words are exactly one concept's form ("america", "ai"): a name, not a syllable. */
function namesConcept(runs: readonly Run[]): boolean {
  const units = matchUnits(runs);
  const found = findConcepts(units);
  return found.length === 1 && found[0]!.start === 0 && found[0]!.end === units.length;
}

/** Pinyin when every word reads as pinyin and at least one is not an English word of the corpus. */
function readsAsPinyin(runs: readonly Run[], index: SearchIndex): boolean {
  let unknown = false;
  for (const run of runs) {
    if (parsePinyinWord(run.text) === undefined) return false;
    const term = wordTerm(run.text);
    // English function words ("he", "an", "me") are also syllables: alone they are English, not pinyin.
    if (term !== undefined && !index.postings.has(term)) unknown = true;
    if (term === undefined && runs.length > 1) unknown = true;
  }
  return unknown;
}

function planPinyin(plan: PlanBuilder, runs: readonly Run[]): void {
  const syllables = runs.flatMap((r) => parsePinyinWord(r.text) ?? []);
  const terms = pinyinTerms(syllables);
  for (const t of terms) plan.add(t, W.pinyin);
  const pairs = terms.filter((t) => t.includes('_'));
  const mass = terms.reduce((sum, t) => sum + plan.idfOrMax(t), 0) / Math.max(1, terms.length);
  // A pinyin query may spell a synonym the quotes do not use ("pinkun", 贫困, for 贫穷): its concept counts.
  const concepts = syllables.length >= 2 ? conceptsByPinyin(syllables) : [];
  concepts.forEach((term, i) => plan.add(term, i === 0 ? W.concept : W.broader, true));
  const group = plan.group(runs.map((r) => r.text).join(' '), mass, [
    { terms: pairs.length > 0 ? pairs : terms, credit: 1 },
    ...concepts.slice(0, 1).map((c) => ({ terms: [c], credit: GUESS_CREDIT })),
  ]);
  for (const run of runs) {
    const term = wordTerm(run.text);
    if (term !== undefined && plan.index.postings.has(term)) plan.addWord(term, W.knownWordInPinyin, true);
  }
  if (syllables.length >= 2) {
    const bonus = plan.pinyinBonus(syllables, W.pinyinPhrase);
    plan.phrases.push({ target: 'pinyin', text: syllables.join(''), bonus, group });
  }
}

/** English (or other) words: stems, weak words at a discount, relatives, and guesses for unknown words. */
function planWords(
  plan: PlanBuilder,
  runs: readonly Run[],
  inConcept: Uint8Array,
  conceptAt: ReadonlyArray<string | undefined>,
  correct: (word: string) => Correction[],
): void {
  const { index } = plan;
  const terms = runs.map((r) => wordTerm(r.text));
  const known = terms.map((t) => t !== undefined && index.postings.has(t));
  runs.forEach((run, i) => {
    const term = terms[i];
    if (term === undefined) return;
    plan.touch('word', term, term);
    const isWeak = isWeakWord(run.text);
    const weight = isWeak ? W.weak : inConcept[i] ? W.inConcept : 1;
    plan.addWord(term, weight, false, isWeak); // an unknown word matches nothing but keeps the ideal honest
    const related = relatedTerms(term, index.wordTerms);
    for (const other of related) plan.add(other, W.related * weight, true, isWeak);
    // What explains this word: itself, its relatives, its concept, and below its spelling fixes and parts.
    const alternatives: Alternative[] = [
      { terms: [term], credit: 1 },
      ...related.map((r) => ({ terms: [r], credit: GUESS_CREDIT })),
    ];
    const concept = conceptAt[i];
    if (concept !== undefined) alternatives.push({ terms: [concept], credit: 1 });
    const group =
      isWeak || concept === SPEAKER || concept?.startsWith(INTENT_PREFIX) === true
        ? -1
        : plan.group(run.text, plan.idfOrMax(term), alternatives);
    // A word the corpus lacks but the thesaurus knows ("toB") is no misspelling: "job" is not what it meant.
    if (known[i] || inConcept[i] || !/^[a-z]{3,}$/.test(run.text)) return;
    // Initials never contain i, u or v (no syllable starts with them), which rules out most English words; three
    // letters or fewer occur by chance in almost any corpus, so they count for nothing and four for little.
    const letters = run.text.length;
    if (letters >= MIN_INITIALS && letters <= MAX_INITIALS && !/[iuv]/.test(run.text)) {
      const bonus = W.initialsPerLetter * letters * Math.min(1, (letters - 2) / 3);
      plan.phrases.push({ target: 'initials', text: run.text, bonus, ...(group >= 0 ? { group } : {}) });
    }
    // Guessing (compounds, spellings) is the costly step: only for word-sized words, a few per query.
    if (letters > MAX_GUESSED_LENGTH || plan.guesses++ >= MAX_GUESSES) return;
    const parts = splitCompound(run.text, index);
    for (const part of parts) plan.addWord(part, W.typo, true);
    if (group >= 0 && parts.length > 0) alternatives.push({ terms: parts, credit: GUESS_CREDIT });
    for (const c of correct(run.text)) {
      const fixed = c.similarity >= W.typoFloor ? wordTerm(c.word) : undefined;
      if (fixed === undefined) continue;
      plan.add(fixed, W.typo * c.similarity, true);
      if (group >= 0)
        alternatives.push({ terms: [fixed], credit: GUESS_CREDIT * c.similarity, spelling: true });
    }
  });
}

/** Consecutive pinyin-readable words form one group (a pinyin phrase may span several); other runs stand alone. */
function groupRuns(runs: readonly Run[]): Array<{ kind: Run['kind']; runs: Run[] }> {
  const groups: Array<{ kind: Run['kind']; runs: Run[] }> = [];
  for (const run of runs) {
    const last = groups[groups.length - 1];
    const joins =
      run.kind === 'word' &&
      last?.kind === 'word' &&
      parsePinyinWord(run.text) !== undefined &&
      parsePinyinWord(last.runs[0]?.text ?? '') !== undefined;
    if (joins) last.runs.push(run);
    else groups.push({ kind: run.kind, runs: [run] });
  }
  return groups;
}

/** Shortest shared prefix for two stems to count as relatives, and the share of the shorter stem it must cover. */
const RELATED_PREFIX = 5;
const RELATED_SHARE = 0.7;

/** Other corpus stems sharing a long prefix with `term`, found by binary search in the sorted stem list. */
function relatedTerms(term: string, sorted: readonly string[]): string[] {
  if (term.length < RELATED_PREFIX || !/^[a-z]+$/.test(term)) return [];
  const prefix = term.slice(0, RELATED_PREFIX);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? '') < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && (sorted[i] ?? '').startsWith(prefix) && out.length < 8; i++) {
    const other = sorted[i] ?? '';
    let shared = 0;
    while (shared < other.length && other[shared] === term[shared]) shared++;
    if (other !== term && shared >= RELATED_SHARE * Math.min(other.length, term.length)) out.push(other);
  }
  return out;
}

/** "selfsupervised" → ["self", "supervis"]: an unknown word that is two corpus words written together. */
function splitCompound(word: string, index: SearchIndex): string[] {
  for (let cut = 3; cut <= word.length - 3; cut++) {
    const first = wordTerm(word.slice(0, cut));
    const second = wordTerm(word.slice(cut));
    if (
      first !== undefined &&
      second !== undefined &&
      index.postings.has(first) &&
      index.postings.has(second)
    ) {
      return [first, second];
    }
  }
  return [];
}
