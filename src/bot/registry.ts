import type { Bilingual } from '../quotes/schema.js';
import type { UsageKey } from './reply.js';

/** One line of the help: a usage and what it does, in both languages. */
export interface CommandSpec {
  /** Which command form this is, for messages that name it (`Usage: …`). Unique. */
  key: UsageKey;
  /** Usage as typed, e.g. `/quote topic <topic>`. Unique. */
  usage: string;
  /** The subcommand words that select it (`topic`); none for `/quote <query>` and sub-forms. Unique. */
  keywords: readonly string[];
  /** What it does. */
  summary: Bilingual;
}

/** The command registry: the help table and the subcommand words, both generated from one list. */
export interface CommandRegistry {
  /** Every command in help order. */
  readonly specs: readonly CommandSpec[];
  /** Every subcommand word, for parsing and "did you mean". */
  readonly keywords: readonly string[];
  /** Help entries as the `help` Reply carries them. */
  helpEntries(): { usage: string; summary: Bilingual }[];
  /** The usage line of a command form (`/quote lang [zh|en|both]`). */
  usageOf(key: UsageKey): string;
  /** The command form a subcommand word selects (`context` -> context). */
  keyOf(keyword: string): UsageKey | undefined;
}

/** Builds a registry; a duplicate usage or keyword is a programming error and throws at start-up. */
export function createCommandRegistry(specs: readonly CommandSpec[]): CommandRegistry {
  const usages = new Set<string>();
  const keywords = new Set<string>();
  const byKey = new Map<UsageKey, string>();
  for (const spec of specs) {
    if (byKey.has(spec.key)) throw new Error(`duplicate command key: ${spec.key}`);
    byKey.set(spec.key, spec.usage);
    if (usages.has(spec.usage)) throw new Error(`duplicate command usage: ${spec.usage}`);
    usages.add(spec.usage);
    for (const k of spec.keywords) {
      if (keywords.has(k)) throw new Error(`duplicate command keyword: ${k}`);
      keywords.add(k);
    }
  }
  const frozen = Object.freeze(
    specs.map((s) => Object.freeze({ ...s, keywords: Object.freeze([...s.keywords]) })),
  );
  return {
    specs: frozen,
    keywords: Object.freeze([...keywords]),
    helpEntries: () => frozen.map((s) => ({ usage: s.usage, summary: { ...s.summary } })),
    usageOf: (key) => byKey.get(key) ?? '/quote help',
    keyOf: (keyword) => frozen.find((s) => s.keywords.includes(keyword))?.key,
  };
}

/** Every command of the one grammar all adapters share. */
export const COMMANDS: CommandRegistry = createCommandRegistry([
  {
    key: 'random',
    usage: '/quote',
    keywords: ['random'],
    summary: { zh: '随机一句洞见', en: 'A random insight' },
  },
  {
    key: 'search',
    usage: '/quote <query>',
    keywords: ['search'],
    summary: { zh: '搜索(中文、英文或拼音)', en: 'Search (Chinese, English or pinyin)' },
  },
  {
    key: 'topic',
    usage: '/quote topic <topic>',
    keywords: ['topic'],
    summary: { zh: '某个话题下的一句', en: 'A quote on a topic' },
  },
  {
    key: 'topics',
    usage: '/quote topics',
    keywords: ['topics'],
    summary: { zh: '列出所有话题', en: 'List the topics' },
  },
  {
    key: 'today',
    usage: '/quote today',
    keywords: ['today'],
    summary: { zh: '本频道今天的一句', en: "This channel's quote of the day" },
  },
  {
    key: 'id',
    usage: '/quote id <id>',
    keywords: ['id'],
    summary: { zh: '按编号查看', en: 'A quote by its id' },
  },
  {
    key: 'context',
    usage: '/quote context <id>',
    keywords: ['context'],
    summary: { zh: '提问与完整回答', en: 'The question and the whole answer' },
  },
  {
    key: 'discuss',
    usage: '/quote discuss [query or topic]',
    keywords: ['discuss'],
    summary: { zh: '一句话加一个讨论题', en: 'A quote with a question for the team' },
  },
  {
    key: 'card',
    usage: '/quote card [query] [layout] [dark]',
    keywords: ['card'],
    summary: {
      zh: '金句卡片(图片);query 可以是编号,layout 为 portrait 或 square',
      en: 'The quote as a picture card; query may be an id, layout portrait or square',
    },
  },
  {
    key: 'lang',
    usage: '/quote lang [zh|en|both]',
    keywords: ['lang'],
    summary: { zh: '本频道的显示语言', en: "This channel's display language" },
  },
  {
    key: 'daily',
    usage: '/quote daily HH:MM [zone] [zh|en|both]',
    keywords: ['daily'],
    summary: {
      zh: '每天定时在本频道发一句;时区写城市或 IANA 名',
      en: 'Post an insight here every day; zone: a city or IANA name',
    },
  },
  {
    key: 'daily-card',
    usage: '/quote daily HH:MM card',
    keywords: [],
    summary: {
      zh: '每天发金句卡片(图片);text 改回文字',
      en: 'Post the daily insight as a picture card; `text` switches back',
    },
  },
  {
    key: 'daily-off',
    usage: '/quote daily off',
    keywords: [],
    summary: { zh: '停止每日一句', en: 'Stop the daily insight' },
  },
  {
    key: 'status',
    usage: '/quote daily status',
    keywords: [],
    summary: { zh: '查看本频道的订阅', en: "This channel's subscriptions" },
  },
  {
    key: 'weekly',
    usage: '/quote discuss weekly [day] HH:MM [zone]',
    keywords: [],
    summary: {
      zh: '每周定时发讨论题,day 如 周一;不写时区就用每日一句的时区',
      en: 'Post a discussion prompt weekly, day as mon..sun; zone: the daily one',
    },
  },
  {
    key: 'weekly-off',
    usage: '/quote discuss weekly off',
    keywords: [],
    summary: { zh: '停止每周讨论', en: 'Stop the weekly discussion' },
  },
  {
    key: 'help',
    usage: '/quote help',
    keywords: ['help'],
    summary: { zh: '显示本帮助', en: 'Show this help' },
  },
]);
