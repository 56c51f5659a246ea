import { TOPIC_LABELS, TOPICS, type Topic } from '../quotes/schema.js';
import { editDistance, normalizeInput, stripWrappingQuotes } from './text.js';

/** Lower-case, no spaces or dashes: `Self supervised`, `self-supervised` and `自监督 学习` compare equal. */
function squash(text: string): string {
  return normalizeInput(text)
    .toLowerCase()
    .replace(/[\s\-_]+/g, '');
}

/** Every spelling a topic answers to: its id, both labels, and the English label without a plural s. */
function namesOf(topic: Topic): string[] {
  const { zh, en } = TOPIC_LABELS[topic];
  const names = [topic, zh, en].map(squash);
  return [...new Set([...names, ...names.filter((n) => /^[a-z]+s$/.test(n)).map((n) => n.slice(0, -1))])];
}

const NAMES: ReadonlyMap<Topic, string[]> = new Map(TOPICS.map((t) => [t, namesOf(t)]));

/** The separate words of a topic's id and labels (`2b`, `vs`, `2c`), lower-case. */
function wordsOf(topic: Topic): Set<string> {
  const { zh, en } = TOPIC_LABELS[topic];
  return new Set(
    [topic, zh, en]
      .flatMap((name) =>
        normalizeInput(name)
          .toLowerCase()
          .split(/[\s\-_]+/),
      )
      .filter(Boolean),
  );
}

const WORDS: ReadonlyMap<Topic, Set<string>> = new Map(TOPICS.map((t) => [t, wordsOf(t)]));

/** The topic a user means by exactly its id or a label (any case, spacing or language); no guessing. */
export function exactTopic(input: string): Topic | undefined {
  const q = squash(stripWrappingQuotes(input));
  if (q === '') return undefined;
  return TOPICS.find(
    (t) => (NAMES.get(t) ?? []).includes(q) || (q.endsWith('s') && NAMES.get(t)?.includes(q.slice(0, -1))),
  );
}

/** The topic a user most likely means: exact first, then a label containing the input, then a near spelling. */
export function resolveTopic(input: string): Topic | undefined {
  const exact = exactTopic(input);
  if (exact) return exact;
  const q = squash(stripWrappingQuotes(input));
  // A whole word of one topic's name, however short: `2b` is `2b-vs-2c`.
  const byWord = TOPICS.filter((t) => WORDS.get(t)?.has(q));
  if (byWord.length === 1) return byWord[0];
  // One CJK character is meaningful (`人` is not, but `创` might be); ASCII needs more to avoid noise.
  const minLength = /^[\x20-\x7e]+$/.test(q) ? 3 : 1;
  if (q.length < minLength) return undefined;
  const containing = TOPICS.filter((t) => (NAMES.get(t) ?? []).some((n) => n.includes(q) || q.includes(n)));
  if (containing.length === 1) return containing[0];
  const ranked = rankByDistance(q);
  const best = ranked[0];
  return best && best.distance <= (q.length <= 4 ? 1 : 2) ? best.topic : undefined;
}

/** Topics whose names are nearest to the input, for "did you mean" lists. */
export function closestTopics(input: string, count: number): Topic[] {
  return rankByDistance(squash(input))
    .slice(0, count)
    .map((r) => r.topic);
}

function rankByDistance(q: string): { topic: Topic; distance: number }[] {
  return TOPICS.map((topic) => ({
    topic,
    distance: Math.min(...(NAMES.get(topic) ?? []).map((n) => editDistance(q, n))),
  })).sort((a, b) => a.distance - b.distance);
}
