import type { Postings, SearchIndex } from './build.js';
import type { QueryPlan } from './query.js';

/** A ranked quote position with its raw score and the top hit's confidence already applied. */
export interface Ranked {
  /** Position of the quote in the index. */
  doc: number;
  /** Relevance in (0, 1]. */
  score: number;
}

/** Terms in more quotes than this share of the corpus only add to quotes other terms found (see rank). */
const COMMON_SHARE = 1 / 16;
const MIN_COMMON_DF = 64;
/** Phrases are checked on this many best candidates: a quote holding the phrase has its grams, so it is among them. */
const PHRASE_CANDIDATES = 256;
/** Hits scoring below this share of the best hit are noise (a lone common character in common). */
const RELATIVE_FLOOR = 0.12;
/** When even the best hit explains this little of the query, nothing matched. */
const MIN_CONFIDENCE = 0.12;
/** Questions covering less of the query than this are not what the user is asking. */
const MIN_QUESTION_COVERAGE = 0.3;
/** How much answering a matching question is worth, as a share of the query's ideal score. */
const QUESTION_WEIGHT = 0.6;
/** How much of that depends on the question being about nothing but what the query asks. */
const PRECISION_SHARE = 0.5;
/**
 * A quote must explain this share of the query's content words (by mass) to be an answer, or at least
 * MIN_PARTIAL of it through two or more words: one word in common with "cheap flights to Paris" or "比特币今天的价格"
 * is an accident, not a match.
 */
const MIN_COVERAGE = 0.5;
const MIN_PARTIAL = 0.25;
const PARTIAL_CONFIDENCE = 0.45;
/** Candidates checked for coverage, beyond the ones asked for. */
const COVERAGE_POOL = 8;

/** One contribution to a quote's score, for `mingyan search --explain`. */
export interface Contribution {
  /** What earned it: an index term, a phrase, or a question the quote answers. */
  kind: 'term' | 'phrase' | 'question';
  /** The term, the phrase, or the question's text. */
  what: string;
  /** Points added. */
  points: number;
}

/** What rank saw, for explanations: every contribution per quote, and candidates it turned down. */
export interface RankTrace {
  /** Contributions per quote position. */
  contributions: Map<number, Contribution[]>;
  /** Candidates that scored but did not explain enough of the query, with their coverage. */
  unexplained: Array<{ doc: number; coverage: Coverage }>;
  /** The best hit's share of the query's ideal score, and whether that was too little. */
  confidence?: number;
  /** The query's ideal score. */
  ideal: number;
  /** Per quote: the query words a phrase of it explains (pinyin, initials). */
  phraseGroups?: ReadonlyMap<number, ReadonlySet<number>>;
}

/** Per index: the question bonus's scratch arrays, all zero between queries. */
const questionScratch = new WeakMap<SearchIndex, { covered: Float64Array; shared: Float64Array }>();

/** Adds points to a quote; `strong` evidence can make a match; kind and what label it for explanations. */
type Bump = (
  doc: number,
  points: number,
  strong: boolean,
  kind?: Contribution['kind'],
  what?: string,
) => void;

/** A query term resolved against the index. */
interface Term {
  /** The term, for explanations. */
  name: string;
  postings: Postings;
  weight: number;
  /** For an echo: the quotes holding the gram it echoes, which it does not count for. */
  gram: Int32Array | undefined;
  /** False for weak evidence, which adds to a match but cannot make one. */
  strong: boolean;
}

/** Position of doc in sorted postings, or -1. */
function find(docs: Int32Array, doc: number): number {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = docs[mid]!;
    if (at === doc) return mid;
    if (at < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The `k` docs with the highest scores, best first, ties in corpus order. */
function best(docs: readonly number[], scores: Float64Array, k: number): number[] {
  const order = (a: number, b: number): number => scores[b]! - scores[a]! || a - b;
  if (docs.length <= k * 4) return [...docs].sort(order).slice(0, k);
  // Large candidate sets (big corpora): a typed-array sort finds the k-th best score, then only the few are sorted.
  const sorted = Float64Array.from(docs, (d) => scores[d]!).sort();
  const cutoff = sorted[sorted.length - k] ?? -Infinity;
  return docs
    .filter((d) => scores[d]! >= cutoff)
    .sort(order)
    .slice(0, k);
}

/**
 * Scores quotes for a plan: BM25F term impacts, then phrase and question bonuses, best `want` first.
 * Rare terms walk their postings; common ones (a frequent character, a frequent syllable) only add to quotes
 * already found, by binary search: same scores for every candidate, a fraction of the work on big corpora.
 */
export function rank(
  index: SearchIndex,
  plan: QueryPlan,
  want: number,
  allowed: (doc: number) => boolean,
  trace?: RankTrace,
): Ranked[] {
  const n = index.quotes.length;
  const scores = new Float64Array(n);
  const touched: number[] = [];
  // A quote that only shares weak evidence with the query (a stray character, a filler) is not a match.
  const matched = new Uint8Array(n);
  // Contributions are labelled with strings that already exist, so scoring allocates nothing for explanations.
  const bump: Bump = (doc, points, strong, kind, what) => {
    if (points <= 0 || !allowed(doc)) return;
    if (scores[doc] === 0) touched.push(doc);
    scores[doc]! += points;
    if (strong) matched[doc] = 1;
    if (trace !== undefined && kind !== undefined) {
      let list = trace.contributions.get(doc);
      if (list === undefined) trace.contributions.set(doc, (list = []));
      list.push({ kind, what: what ?? '', points });
    }
  };
  const terms: Term[] = [];
  for (const [term, weight] of plan.terms) {
    const postings = index.postings.get(term);
    const echoOf = plan.echoes.get(term);
    // An echo (pinyin standing in for a Chinese gram) does not count for quotes that have the gram itself.
    const gram = echoOf === undefined ? undefined : (index.postings.get(echoOf)?.docs ?? new Int32Array(0));
    if (postings !== undefined)
      terms.push({ name: term, postings, weight, gram, strong: !plan.weak.has(term) });
  }
  const commonDf = Math.max(MIN_COMMON_DF, n * COMMON_SHARE);
  const rare = terms.filter((t) => t.postings.docs.length <= commonDf);
  const common = terms.filter((t) => t.postings.docs.length > commonDf);
  const walk = ({ name, postings, weight, gram, strong }: Term): void => {
    for (let i = 0; i < postings.docs.length; i++) {
      const doc = postings.docs[i]!;
      const points = weight * postings.impact[i]!;
      if (gram === undefined || find(gram, doc) < 0) bump(doc, points, strong, 'term', name);
    }
  };
  rare.forEach(walk);
  // Common terms only add to quotes the rare ones found, unless those found nothing a match can stand on.
  if (!rare.some((t) => t.strong)) common.forEach(walk);
  else {
    const found = Int32Array.from(touched).sort();
    for (const term of common) addToFound(term, found, bump);
  }

  const shortlist = best(touched, scores, PHRASE_CANDIDATES);
  const phraseGroups = new Map<number, Set<number>>();
  let quoted = false;
  for (const phrase of plan.phrases) {
    const haystack =
      phrase.target === 'text'
        ? index.phraseText
        : phrase.target === 'pinyin'
          ? index.pinyinText
          : index.initialsText;
    // Initials match nothing in the term index, so they scan every quote; the other phrases only the shortlist.
    const docs = phrase.target === 'initials' ? haystack.keys() : shortlist;
    for (const doc of docs) {
      if (!haystack[doc]!.includes(phrase.text)) continue;
      if (phrase.unless !== undefined && index.phraseText[doc]!.includes(phrase.unless)) continue;
      if (phrase.target === 'text') quoted = true;
      bump(doc, phrase.bonus, true, 'phrase', `${phrase.target}: ${phrase.text}`);
      if (phrase.group !== undefined) {
        let set = phraseGroups.get(doc);
        if (set === undefined) phraseGroups.set(doc, (set = new Set()));
        set.add(phrase.group);
      }
    }
  }
  // A query found as written in a quote is a quotation, not a situation: the editor's questions stand aside.
  addQuestionBonus(index, plan, bump, plan.asks || !quoted);

  const top = best(
    touched.filter((doc) => matched[doc] === 1),
    scores,
    want + COVERAGE_POOL,
  )
    .filter((doc) => {
      const coverage = explains(index, plan, doc, phraseGroups.get(doc));
      // Explaining part of the query is enough only for a quote that also scores like a real match.
      const answers =
        coverage.answers &&
        (coverage.share >= MIN_COVERAGE || scores[doc]! >= PARTIAL_CONFIDENCE * plan.ideal);
      if (!answers) trace?.unexplained.push({ doc, coverage });
      return answers;
    })
    .slice(0, want);
  if (trace !== undefined) {
    trace.ideal = plan.ideal;
    trace.phraseGroups = phraseGroups;
  }
  const topScore = scores[top[0] ?? 0] ?? 0;
  if (top.length === 0 || topScore <= 0) return [];
  const confidence = Math.min(1, topScore / Math.max(plan.ideal, topScore * 0.25));
  if (trace !== undefined) trace.confidence = confidence;
  if (confidence < MIN_CONFIDENCE) return [];
  return top
    .filter((doc) => scores[doc]! >= topScore * RELATIVE_FLOOR)
    .map((doc) => ({ doc, score: Math.max(1e-6, (scores[doc]! / topScore) * confidence) }));
}

/** Adds a common term's impacts to already-found quotes: binary search when they are few, a merge walk otherwise. */
function addToFound({ name, postings, weight, gram, strong }: Term, found: Int32Array, bump: Bump): void {
  const add = (doc: number, i: number): void => bump(doc, weight * impact[i]!, strong, 'term', name);
  const { docs, impact } = postings;
  const counts = (doc: number): boolean => gram === undefined || find(gram, doc) < 0;
  if (found.length * Math.log2(docs.length + 1) < found.length + docs.length) {
    for (const doc of found) {
      const i = find(docs, doc);
      if (i >= 0 && counts(doc)) add(doc, i);
    }
    return;
  }
  let i = 0;
  for (const doc of found) {
    while (i < docs.length && docs[i]! < doc) i++;
    if (i < docs.length && docs[i] === doc && counts(doc)) add(doc, i);
  }
}

/**
 * People often ask what the interviewer asked ("为什么不做 2C"): quotes answering a question that covers much of
 * the query gain points, the first quote of the answer most (answers in an interview lead with the point). The
 * editor's questions (one quote each) count for any query, as they also describe a team's situation.
 */
function addQuestionBonus(index: SearchIndex, plan: QueryPlan, bump: Bump, withEditorial: boolean): void {
  const { postings, answers, texts, mass: questionMass, editorial } = index.questions;
  // Scratch arrays reused across queries (searches are synchronous): hundreds of editor's questions would
  // otherwise cost two fresh arrays per query, and garbage collection is most of a slow query.
  let scratch = questionScratch.get(index);
  if (scratch === undefined) {
    scratch = { covered: new Float64Array(answers.length), shared: new Float64Array(answers.length) };
    questionScratch.set(index, scratch);
  }
  const { covered, shared } = scratch;
  const seen: number[] = [];
  let total = 0;
  for (const [term, mass] of plan.core) {
    // Fillers and stray characters say nothing of what is asked; what kind of question it is (@ask-…) does.
    if (plan.weak.has(term) && !term.startsWith('@ask-')) continue;
    // Words no quote holds ("chatbot") cannot be in any question either: they would only shrink every coverage.
    const idf = index.postings.get(term)?.idf;
    if (idf === undefined) continue;
    total += mass;
    const questions = postings.get(term);
    if (questions === undefined) continue;
    for (const q of questions) {
      if (covered[q] === 0) seen.push(q);
      covered[q]! += mass;
      shared[q]! += idf;
    }
  }
  const bestPoints = new Map<number, number>();
  const bestQuestion = new Map<number, number>();
  for (const q of seen) {
    const coverage = covered[q]! / total;
    const precision = Math.min(1, shared[q]! / Math.max(1e-9, questionMass[q]!));
    covered[q] = 0;
    shared[q] = 0;
    // The interviewer's questions answer questions; the editor's also describe situations ("客户预算有限").
    if (coverage < MIN_QUESTION_COVERAGE) continue;
    if (editorial[q] === 1 ? !withEditorial : !plan.asks) continue;
    // A question about exactly what was asked beats a longer one that also mentions it.
    const weight =
      QUESTION_WEIGHT * coverage * coverage * (1 - PRECISION_SHARE + PRECISION_SHARE * precision);
    answers[q]!.forEach((doc, position) => {
      const points = (weight * plan.ideal) / (1 + position);
      if (points > (bestPoints.get(doc) ?? 0)) {
        bestPoints.set(doc, points);
        bestQuestion.set(doc, q);
      }
    });
  }
  // Only the best question a quote answers counts: five ways of asking the same thing are still one answer.
  for (const [doc, points] of bestPoints) {
    const q = bestQuestion.get(doc)!;
    bump(doc, points, true, 'question', texts[q]);
  }
}

/** How much of the query's content a quote explains, per word and in all. */
export interface Coverage {
  /** Per content word of the plan: the share of its evidence the quote holds, 0 to 1. */
  words: number[];
  /** Explained mass over the query's content mass (1 when the query has no content words). */
  share: number;
  /** Whether that is enough for the quote to be an answer at all. */
  answers: boolean;
}

/** Whether a term's postings hold a quote. */
function holds(index: SearchIndex, term: string, doc: number): boolean {
  const postings = index.postings.get(term);
  return postings !== undefined && find(postings.docs, doc) >= 0;
}

/** How well a quote explains each content word of the query, and whether that makes it an answer. */
export function explains(
  index: SearchIndex,
  plan: QueryPlan,
  doc: number,
  phraseGroups: ReadonlySet<number> | undefined,
): Coverage {
  let total = 0;
  let covered = 0;
  let explained = 0;
  const words = plan.groups.map((group, g) => {
    let share = phraseGroups?.has(g) === true ? 1 : 0;
    // Without guessed spellings: two words each "explained" by a respelling ("bake sourdough bread" read as
    // "take … break") are two accidents, not the two pieces of evidence a partial answer needs.
    let evidence = share;
    for (const { terms, credit, spelling } of group.alternatives) {
      if (share >= credit || terms.length === 0) continue;
      let held = 0;
      for (const term of terms) if (holds(index, term, doc)) held++;
      share = Math.max(share, (credit * held) / terms.length);
      if (!spelling) evidence = Math.max(evidence, (credit * held) / terms.length);
    }
    total += group.mass;
    covered += share * group.mass;
    if (evidence >= 0.5 && group.mass >= 1) explained++;
    return share;
  });
  const share = total > 0 ? covered / total : 1;
  const answers = share >= MIN_COVERAGE || (share >= MIN_PARTIAL && explained >= 2);
  return { words, share, answers };
}
