import { TOPIC_LABELS, type Quote, type Topic } from '../quotes/schema.js';
import { findConcepts, matchUnits } from './concepts.js';
import { normalizeText, splitRuns } from './normalize.js';
import { readingTable, syllableRuns } from './pinyin.js';
import { crossPair, hanGrams, pinyinTerms, wordPair, wordTerm } from './tokens.js';

/** How much a match in each field counts, and how strongly its length dilutes a match (BM25F's b). */
const FIELDS = [
  { name: 'text', weight: 1.0, b: 0.75, get: (q: Quote) => [q.text] },
  { name: 'en', weight: 1.0, b: 0.75, get: (q: Quote) => [q.en] },
  { name: 'keywords', weight: 1.4, b: 0.3, get: (q: Quote) => [...q.keywords.zh, ...q.keywords.en] },
  // An editor's lead stands where the question would (intro quotes have only a lead).
  {
    name: 'question',
    weight: 0.4,
    b: 0.75,
    get: (q: Quote) => [q.question, q.lead].flatMap((b) => (b ? [b.zh, b.en] : [])),
  },
  /** The editor's "questions this answers" (quotes/*.asks.yaml): how people ask for the quote. */
  { name: 'asks', weight: 0.8, b: 0.5, get: (q: Quote) => q.asks ?? [] },
  {
    name: 'topics',
    weight: 0.3,
    b: 0.3,
    get: (q: Quote) => q.topics.flatMap((t: Topic) => [TOPIC_LABELS[t].zh, TOPIC_LABELS[t].en]),
  },
] as const;
const QUESTION_FIELD = FIELDS.findIndex((f) => f.name === 'question');
const ASKS_FIELD = FIELDS.findIndex((f) => f.name === 'asks');
/** The field after FIELDS: pinyin of the text and Chinese keywords, how pinyin queries and homophone typos match. */
const PINYIN = { weight: 1.0, b: 0.75 };
const FIELD_COUNT = FIELDS.length + 1;
const K1 = 1.2;

/** A term's matches: parallel arrays of quote positions and precomputed BM25F contributions. */
export interface Postings {
  /** Quote positions, ascending. */
  docs: Int32Array;
  /** idf × saturated field-weighted term frequency, per quote. */
  impact: Float32Array;
  /** Inverse document frequency, used to size phrase bonuses and the query's ideal score. */
  idf: number;
}

/** Everything a query needs, computed once per corpus. */
export interface SearchIndex {
  /** The quotes, in the caller's order. */
  quotes: readonly Quote[];
  /** Term → postings. */
  postings: ReadonlyMap<string, Postings>;
  /** Per quote: normalised Chinese text and keywords, for exact-phrase bonuses. */
  phraseText: readonly string[];
  /** Per quote: the pinyin of its text and Chinese keywords, syllables run together, for pinyin phrases. */
  pinyinText: readonly string[];
  /** Per quote: the first letters of those syllables, for initials such as "dfscx". */
  initialsText: readonly string[];
  /** Non-Chinese words seen anywhere (normalised, unstemmed): the dictionary for typo correction. */
  vocabulary: readonly string[];
  /** Character → its most common reading in this corpus, for reading queries without pinyin-pro. */
  readings: ReadonlyMap<string, string>;
  /** English index terms (stems), sorted: for finding a query word's relatives ("succeed" → "success"). */
  wordTerms: readonly string[];
  /** The interviewer's questions: which quotes answer each (in corpus order), and a term → questions index. */
  questions: {
    postings: ReadonlyMap<string, Int32Array>;
    answers: readonly (readonly number[])[];
    /** The question as written (both languages), for explanations. */
    texts: readonly string[];
    /** Per question: the sum of its terms' idf, to tell a question about one thing from one about many. */
    mass: Float64Array;
    /** Per question: 1 for the editor's (quotes/*.asks.yaml, which also describe situations), 0 for the interviewer's. */
    editorial: Uint8Array;
  };
  /** Per quote: its topics, for the topic filter. */
  topics: readonly ReadonlySet<string>[];
}

/** Term strings ↔ dense ids, so the postings pass indexes arrays instead of hashing strings millions of times. */
class TermIds {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  of(terms: readonly string[]): Int32Array {
    const out = new Int32Array(terms.length);
    terms.forEach((term, i) => {
      let id = this.ids.get(term);
      if (id === undefined) {
        this.ids.set(term, (id = this.names.length));
        this.names.push(term);
      }
      out[i] = id;
    });
    return out;
  }
}

/** Builds the inverted index (BM25F over text, en, keywords, question, topics, plus pinyin). */
export function buildIndex(quotes: readonly Quote[]): SearchIndex {
  const n = quotes.length;
  const phraseText: string[] = [];
  const pinyinText: string[] = [];
  const initialsText: string[] = [];
  const vocabulary = new Set<string>();
  const termIds = new TermIds();
  // Questions, topic labels, keywords and pinyin runs repeat across quotes (whole sentences in big corpora).
  const syllableCache = new Map<string, string[]>();
  const valueCache = new Map<string, Int32Array>();
  const runCache = new Map<readonly string[], Int32Array>();
  const termsOf = (value: string): Int32Array => {
    let ids = valueCache.get(value);
    if (ids === undefined) valueCache.set(value, (ids = termIds.of(valueTerms(value, vocabulary))));
    return ids;
  };
  const pinyinOf = (syllables: readonly string[]): Int32Array => {
    let ids = runCache.get(syllables);
    if (ids === undefined) runCache.set(syllables, (ids = termIds.of(pinyinTerms(syllables))));
    return ids;
  };
  // Quotes grouped by the interviewer's question they answer, in corpus order.
  const questionIds = new Map<string, number>();
  const answers: number[][] = [];
  const questionTerms: Int32Array[] = [];
  const questionTexts: string[] = [];
  const editorial: number[] = [];

  // Pass 1: term ids per quote, field by field and value by value (BM25F needs average field lengths first).
  const fieldTerms: Int32Array[][][] = [];
  const lengths = Array.from({ length: FIELD_COUNT }, () => new Float64Array(n));
  quotes.forEach((quote, doc) => {
    const perField = FIELDS.map((field) => field.get(quote).map(termsOf));
    const [text = '', ...keywords] = [quote.text, ...quote.keywords.zh].map(normalizeText);
    const chinese = [text, ...keywords].join(' | ');
    // A keyword quoted from the text adds no pinyin the text lacks; reading only the others saves pinyin-pro time.
    const runs = syllableRuns(
      [text, ...keywords.filter((k) => !text.includes(k))].join(' | '),
      syllableCache,
    );
    perField.push(runs.map(pinyinOf));
    perField.forEach((values, f) => {
      for (const ids of values) lengths[f]![doc]! += ids.length;
    });
    fieldTerms.push(perField);
    phraseText.push(chinese);
    pinyinText.push(runs.map((r) => r.join('')).join(' '));
    initialsText.push(runs.map((r) => r.map((syllable) => syllable[0]).join('')).join(' '));

    const asked = quote.question ?? quote.lead;
    const questionKey = asked ? `${asked.zh}\n${asked.en}` : `#${quote.id}`;
    let question = questionIds.get(questionKey);
    if (question === undefined) {
      questionIds.set(questionKey, (question = answers.length));
      answers.push([]);
      questionTexts.push(asked ? `${asked.zh} / ${asked.en}` : quote.id);
      editorial.push(0);
      questionTerms.push(Int32Array.from(new Set(perField[QUESTION_FIELD]!.flatMap((ids) => [...ids]))));
    }
    answers[question]!.push(doc);
    // Each of the editor's questions is a question this quote alone answers.
    perField[ASKS_FIELD]!.forEach((ids, k) => {
      answers.push([doc]);
      questionTexts.push(quote.asks?.[k] ?? '');
      editorial.push(1);
      questionTerms.push(Int32Array.from(new Set(ids)));
    });
  });

  // Pass 2: field-weighted, length-normalised term frequencies, written straight into one flat array per kind
  // (postings are views into it: thousands of tiny typed arrays would cost more than the rest of the build).
  const avg = lengths.map((l) => Math.max(1, l.reduce((a, b) => a + b, 0) / Math.max(1, n)));
  const termCount = termIds.names.length;
  const start = new Int32Array(termCount + 1); // start[id]: where the term's postings begin
  for (const perField of fieldTerms)
    for (const values of perField) for (const ids of values) for (const id of ids) start[id + 1]!++;
  for (let id = 0; id < termCount; id++) start[id + 1]! += start[id]!;
  const end = start.slice(0, termCount);
  const lastDoc = new Int32Array(termCount).fill(-1);
  const allDocs = new Int32Array(start[termCount]!);
  const allImpacts = new Float32Array(start[termCount]!);
  fieldTerms.forEach((perField, doc) => {
    perField.forEach((values, f) => {
      const { weight, b } = FIELDS[f] ?? PINYIN;
      const unit = weight / (1 - b + (b * lengths[f]![doc]!) / avg[f]!);
      for (const ids of values) {
        for (const id of ids) {
          if (lastDoc[id] === doc) allImpacts[end[id]! - 1]! += unit;
          else {
            lastDoc[id] = doc;
            allDocs[end[id]!] = doc;
            allImpacts[end[id]!++] = unit;
          }
        }
      }
    });
  });

  const postings = new Map<string, Postings>();
  termIds.names.forEach((term, id) => {
    const from = start[id]!;
    const df = end[id]! - from;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    for (let i = from; i < from + df; i++) {
      const tf = allImpacts[i]!;
      allImpacts[i] = (idf * tf * (K1 + 1)) / (tf + K1);
    }
    postings.set(term, {
      docs: allDocs.subarray(from, from + df),
      impact: allImpacts.subarray(from, from + df),
      idf,
    });
  });
  const byQuestion = new Map<string, number[]>();
  const questionMass = new Float64Array(questionTerms.length);
  questionTerms.forEach((ids, question) => {
    for (const id of ids) {
      const term = termIds.names[id]!;
      questionMass[question]! += postings.get(term)?.idf ?? 0;
      let list = byQuestion.get(term);
      if (list === undefined) byQuestion.set(term, (list = []));
      list.push(question);
    }
  });

  return {
    quotes,
    postings,
    phraseText,
    pinyinText,
    initialsText,
    vocabulary: [...vocabulary],
    readings: readingTable(syllableCache),
    wordTerms: [...new Set([...vocabulary].map((w) => wordTerm(w) ?? ''))].filter((t) => t.length > 0).sort(),
    topics: quotes.map((q) => new Set<string>(q.topics)),
    questions: {
      postings: new Map([...byQuestion].map(([term, list]) => [term, Int32Array.from(list)])),
      answers,
      texts: questionTexts,
      mass: questionMass,
      editorial: Uint8Array.from(editorial),
    },
  };
}

/** The fields of a quote whose index terms include `term` (pinyin terms come from the text), for explanations. */
export function fieldsHolding(quote: Quote, term: string): string[] {
  if (term.startsWith('~')) return ['pinyin'];
  return FIELDS.filter((field) => field.get(quote).some((v) => valueTerms(v, new Set()).includes(term))).map(
    (field) => field.name,
  );
}

/**
 * Index terms of one field value: Chinese grams, English stems, English word pairs, cross-script pairs, and the
 * concepts it names (so "Google" and "谷歌" meet).
 */
function valueTerms(value: string, vocabulary: Set<string>): string[] {
  const terms: string[] = [];
  let previousWord: string | undefined; // for English word pairs
  let previousEdge: { kind: 'han' | 'word'; text: string } | undefined; // for cross-script pairs
  const runs = splitRuns(normalizeText(value));
  for (const match of findConcepts(matchUnits(runs))) terms.push(...match.terms);
  for (const run of runs) {
    if (run.kind === 'han') {
      const chars = [...run.text];
      terms.push(...hanGrams(run.text));
      if (previousEdge?.kind === 'word') terms.push(crossPair(previousEdge.text, chars[0] ?? ''));
      previousEdge = { kind: 'han', text: chars[chars.length - 1] ?? '' };
      previousWord = undefined;
      continue;
    }
    const term = wordTerm(run.text);
    if (term === undefined) continue;
    terms.push(term);
    if (previousWord !== undefined) terms.push(wordPair(previousWord, term));
    if (previousEdge?.kind === 'han') terms.push(crossPair(previousEdge.text, term));
    previousWord = term;
    previousEdge = { kind: 'word', text: term };
    if (run.text.length >= 3 && /\p{L}/u.test(run.text)) vocabulary.add(run.text);
  }
  return terms;
}
