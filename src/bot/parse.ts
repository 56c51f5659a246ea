import { TOPIC_LABELS, TOPICS, type Quote } from '../quotes/schema.js';
import type { CardLayout, CardTheme } from '../card/layout.js';
import type { Command, SubscriptionKind } from './command.js';
import type { CommandRef, Lang } from './reply.js';
import { COMMANDS } from './registry.js';
import { editDistance, normalizeInput, stripWrappingQuotes } from './text.js';
import { looksLikeTime, parseDays, parseTime } from './time.js';
import { resolveTimeZone } from './zones.js';
import { exactTopic } from './topics.js';

/** What the parser may ask of the corpus without depending on it. */
export interface ParseOptions {
  /** True when a word is a real search term (a topic or keyword), so `data` is searched, not taken for `daily`. */
  isSearchTerm?: (word: string) => boolean;
  /** True when a word is a quote id, so `contxet <id>` is a typo of `context`; else any kebab-case word counts. */
  isQuoteId?: (id: string) => boolean;
}

/** A near-miss subcommand as the first word of a search (`content moderation`), for "did you mean". */
export interface Typo {
  /** The word as typed. */
  unknown: string;
  /** The subcommand it is close to. */
  didYouMean: string;
  /** The whole line it most likely meant (`/quote context <id>` with the id typed), or that command's form. */
  suggestion: CommandRef;
}

/** A parsed line, with the typo to answer with when it was searched and the search finds nothing. */
export interface ParsedInput {
  /** What to run. */
  command: Command;
  /** Set on a search whose first word is a near-miss subcommand: answer with help if nothing matches. */
  typo?: Typo;
}

const LANG_WORDS: ReadonlyMap<string, Lang> = new Map([
  ['zh', 'zh'],
  ['cn', 'zh'],
  ['zh-cn', 'zh'],
  ['zh-hans', 'zh'],
  ['chinese', 'zh'],
  ['中文', 'zh'],
  ['汉语', 'zh'],
  ['en', 'en'],
  ['english', 'en'],
  ['英文', 'en'],
  ['英语', 'en'],
  ['both', 'both'],
  ['all', 'both'],
  ['bilingual', 'both'],
  ['双语', 'both'],
  ['中英', 'both'],
]);

const LAYOUT_WORDS: ReadonlyMap<string, CardLayout> = new Map([
  ['landscape', 'landscape'],
  ['wide', 'landscape'],
  ['横版', 'landscape'],
  ['portrait', 'portrait'],
  ['tall', 'portrait'],
  ['竖版', 'portrait'],
  ['square', 'square'],
  ['方形', 'square'],
]);
const THEME_WORDS: ReadonlyMap<string, CardTheme> = new Map([
  ['dark', 'dark'],
  ['深色', 'dark'],
  ['light', 'light'],
  ['浅色', 'light'],
]);
// In a daily subscription: post cards, or go back to text.
const CARD_WORDS = new Set(['card', 'cards', '卡片']);
const TEXT_WORDS = new Set(['text', '文字']);

const OFF_WORDS = new Set(['off', 'stop', 'cancel', 'unsubscribe', 'remove', '关闭', '停止', '取消']);
const STATUS_WORDS = new Set(['status', 'list', 'show', '状态']);
const WEEKLY_WORDS = new Set(['weekly', 'week', '每周']);
// Filler people type around a schedule ("daily set at 9:00"); Discord calls the subcommand `set`.
const FILLER_WORDS = new Set(['set', 'at', 'on', 'every', 'in']);

const QUOTE_PREFIX = /^\/?quote(?=\s|$)/i;

/** A language word (`zh`, `English`, `双语`) as a Lang. */
export function parseLang(word: string): Lang | undefined {
  return LANG_WORDS.get(word.toLowerCase());
}

/** The subcommand word closest to a typo, if it is close enough to be one (`tpoic` -> `topic`). */
export function closestKeyword(word: string): string | undefined {
  const w = word.toLowerCase();
  // Short words are too often real search terms (`ai` is two edits from `id`), so they get less slack.
  const slack = w.length <= 2 ? 0 : w.length <= 4 ? 1 : 2;
  let best: { keyword: string; distance: number } | undefined;
  for (const keyword of COMMANDS.keywords) {
    const distance = editDistance(w, keyword);
    if (distance <= slack && (!best || distance < best.distance)) best = { keyword, distance };
  }
  return best?.keyword;
}

/**
 * Parses the one command grammar every adapter shares. The leading `/quote` (or `quote`) is optional,
 * because Slack hands over only the text after the slash command. Never throws.
 */
export function parseCommand(text: string, options: ParseOptions = {}): Command {
  return parseInput(text, options).command;
}

/** Like parseCommand, and also says when a search starts with a near-miss subcommand (see ParsedInput). */
export function parseInput(text: string, options: ParseOptions = {}): ParsedInput {
  const raw = String(text).normalize('NFKC').trim().replace(QUOTE_PREFIX, '').trim();
  const input = normalizeInput(raw);
  const rest = input.replace(QUOTE_PREFIX, '').trim();
  // Only an empty line means "random"; zero-width or control characters alone get "nothing to search for".
  if (rest === '') return { command: raw === '' ? { name: 'random' } : { name: 'search', query: raw } };
  const space = rest.indexOf(' ');
  const head = space < 0 ? rest : rest.slice(0, space);
  const args = space < 0 ? '' : rest.slice(space + 1).trim();
  if (head.toLowerCase() === 'search' && args === '') {
    // `search` followed by only invisible characters: the same answer as those characters alone.
    const after = raw.toLowerCase().startsWith('search') ? raw.slice('search'.length).trim() : '';
    return { command: after === '' ? { name: 'random' } : { name: 'search', query: after } };
  }
  const known = parseKnown(head, args, rest);
  return known ? { command: known } : unknownOrSearch(head, args, rest, options);
}

/** The command a known subcommand word makes, or undefined when `head` is not one. */
function parseKnown(head: string, args: string, rest: string): Command | undefined {
  const arg = stripWrappingQuotes(args);
  const searchAll = (): Command => searchOrRandom(rest);

  switch (head.toLowerCase()) {
    case 'random':
      return args === '' ? { name: 'random' } : searchAll();
    case 'search':
      return searchOrRandom(args);
    case 'topic':
    case 'topics':
      return arg === '' ? { name: 'topics' } : { name: 'topic', topic: arg };
    case 'today':
      return args === '' ? { name: 'today' } : searchAll();
    case 'id':
    case 'context': {
      const name = head.toLowerCase() as 'id' | 'context';
      if (arg === '') {
        return {
          name: 'invalid',
          usage: name,
          message: {
            zh: '请给出编号:每句话下面都有编号。',
            en: 'Which quote? Give its id: every quote shows its id.',
          },
        };
      }
      return { name, id: arg.toLowerCase() };
    }
    case 'discuss': {
      const [first = '', ...more] = args.split(' ');
      if (WEEKLY_WORDS.has(first.toLowerCase())) return parseSchedule('discuss', more);
      return arg === '' ? { name: 'discuss' } : { name: 'discuss', query: arg };
    }
    case 'lang':
    case 'language': {
      if (arg === '') return { name: 'lang' };
      const lang = parseLang(arg);
      if (lang) return { name: 'lang', lang };
      return {
        name: 'invalid',
        usage: 'lang',
        message: {
          zh: `不认识语言 “${arg}”:可选 zh(中文)、en(英文)、both(中英双语)。`,
          en: `“${arg}” is not a display language: choose zh (Chinese), en (English) or both.`,
        },
      };
    }
    case 'daily':
      return parseSchedule('daily', args === '' ? [] : args.split(' '));
    case 'card':
    case 'cards':
    case '卡片':
      return parseCard(args);
    case 'help':
    case '?':
    case '帮助':
      return { name: 'help' };
    default:
      return undefined;
  }
}

/** `card [query or id] [portrait|square] [dark]`: layout and theme words anywhere, the rest is the query. */
function parseCard(args: string): Command {
  let layout: CardLayout | undefined;
  let theme: CardTheme | undefined;
  const rest: string[] = [];
  for (const word of args.split(' ').filter((w) => w !== '')) {
    const w = word.toLowerCase();
    const asLayout = LAYOUT_WORDS.get(w);
    const asTheme = THEME_WORDS.get(w);
    if (asLayout && !layout) layout = asLayout;
    else if (asTheme && !theme) theme = asTheme;
    else rest.push(word);
  }
  const query = stripWrappingQuotes(rest.join(' '));
  return {
    name: 'card',
    ...(query ? { query } : {}),
    ...(layout ? { layout } : {}),
    ...(theme ? { theme } : {}),
  };
}

function searchOrRandom(query: string): Command {
  const q = stripWrappingQuotes(query);
  return q === '' ? { name: 'random' } : { name: 'search', query: q };
}

/**
 * A word that is no subcommand. A near miss (`hepl`, `tpoic agi`) is a typo when it is the whole input or when
 * what follows only makes sense after the subcommand; otherwise (`content moderation`) the line is searched,
 * and the typo is kept for the bot to answer with if the search finds nothing.
 */
function unknownOrSearch(head: string, args: string, rest: string, options: ParseOptions): ParsedInput {
  const search = searchOrRandom(rest);
  // Only an ASCII word can be a mistyped subcommand; `贫穷` or `AI 人才` is always a search.
  if (!/^[a-z]{1,12}$/i.test(head) || options.isSearchTerm?.(head.toLowerCase())) return { command: search };
  const didYouMean = closestKeyword(head);
  if (!didYouMean) return { command: search };
  if (args === '' || onlyFits(didYouMean, args, options)) {
    return { command: { name: 'typo', unknown: head, suggestion: correctedLine(didYouMean, args) } };
  }
  // The words do not fit the subcommand (`contxet foo`), so only its form is worth offering.
  const suggestion: CommandRef = { usage: COMMANDS.keyOf(didYouMean) ?? 'help' };
  return { command: search, typo: { unknown: head, didYouMean, suggestion } };
}

/** The line with the subcommand spelled right and its arguments kept; the command's form if they do not fit. */
function correctedLine(keyword: string, args: string): CommandRef {
  const corrected = parseKnown(keyword, args, args === '' ? keyword : `${keyword} ${args}`);
  if (corrected && corrected.name !== 'invalid') return { run: corrected };
  return { usage: COMMANDS.keyOf(keyword) ?? 'help' };
}

/** Whether `args` reads as the arguments of subcommand `keyword` (a topic, a time, a quote id...). */
function onlyFits(keyword: string, args: string, options: ParseOptions): boolean {
  const arg = stripWrappingQuotes(args);
  const words = args.split(' ');
  switch (keyword) {
    case 'topic':
      return exactTopic(arg) !== undefined;
    case 'discuss':
      return WEEKLY_WORDS.has((words[0] ?? '').toLowerCase()) || exactTopic(arg) !== undefined;
    case 'daily':
      return parseSchedule('daily', words).name !== 'invalid';
    case 'lang':
      return parseLang(arg) !== undefined;
    case 'id':
    case 'context': {
      const id = arg.toLowerCase();
      return options.isQuoteId ? options.isQuoteId(id) : /^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(id);
    }
    default:
      return false;
  }
}

function parseSchedule(kind: SubscriptionKind, tokens: readonly string[]): Command {
  const usage = kind === 'daily' ? 'daily' : 'weekly';
  const words = tokens.filter((t) => t !== '' && !FILLER_WORDS.has(t.toLowerCase()));
  const only = words.length === 1 ? (words[0] ?? '').toLowerCase() : undefined;
  if (words.length === 0 || (only !== undefined && STATUS_WORDS.has(only))) return { name: 'status' };
  if (only !== undefined && OFF_WORDS.has(only)) return { name: 'unsubscribe', kind };

  let time: string | undefined;
  const zoneWords: string[] = [];
  let lang: Lang | undefined;
  let days: number[] | undefined;
  let card: boolean | undefined;
  const invalid = (zh: string, en: string): Command => ({ name: 'invalid', usage, message: { zh, en } });
  for (const word of words) {
    if (looksLikeTime(word)) {
      if (time !== undefined)
        return invalid(`时间只能给一个(“${word}”)。`, `Give one time only (“${word}”).`);
      const parsed = parseTime(word);
      if (!parsed.ok) return { name: 'invalid', usage, message: parsed.error };
      time = parsed.value;
      continue;
    }
    if (kind === 'daily' && (CARD_WORDS.has(word.toLowerCase()) || TEXT_WORDS.has(word.toLowerCase()))) {
      card = CARD_WORDS.has(word.toLowerCase());
      continue;
    }
    const asLang = parseLang(word);
    if (asLang && !lang) {
      lang = asLang;
      continue;
    }
    const asDays = parseDays(word);
    if (asDays && !days) {
      days = asDays;
      continue;
    }
    // Everything else is the zone, which may take several words (`New York`, `San Francisco`).
    zoneWords.push(word);
  }
  let zone: string | undefined;
  if (zoneWords.length > 0) {
    const typed = zoneWords.join(' ');
    const resolved = resolveTimeZone(typed);
    if (!resolved.ok) return { name: 'invalid', usage, message: resolved.error.message };
    // A city stays as typed, so the confirmation can say which zone it was taken for.
    zone = resolved.value.from !== undefined ? typed : resolved.value.zone;
  }
  if (time === undefined) return invalid('请给出时间,例如 09:00。', 'Give a time, e.g. 09:00.');
  return {
    name: 'subscribe',
    kind,
    time,
    ...(zone ? { timezone: zone } : {}),
    ...(days ? { days } : {}),
    ...(lang ? { lang } : {}),
    ...(card !== undefined ? { card } : {}),
  };
}

/** Words that are real search terms (topic names, English keywords), so the parser never takes them for typos. */
export function searchTermsOf(quotes: readonly Quote[]): Set<string> {
  const terms = new Set<string>();
  const addWords = (text: string): void => {
    for (const w of text.toLowerCase().split(/[^a-z0-9]+/)) if (w) terms.add(w);
  };
  for (const t of TOPICS) {
    addWords(t);
    addWords(TOPIC_LABELS[t].en);
  }
  for (const q of quotes) for (const k of q.keywords.en) addWords(k);
  return terms;
}
