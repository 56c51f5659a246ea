import type { Bilingual } from '../quotes/schema.js';

/** One line of the help: a usage and what it does, in both languages. */
export interface CommandSpec {
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
}

/** Builds a registry; a duplicate usage or keyword is a programming error and throws at start-up. */
export function createCommandRegistry(specs: readonly CommandSpec[]): CommandRegistry {
  const usages = new Set<string>();
  const keywords = new Set<string>();
  for (const spec of specs) {
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
  };
}

/** Every command of the one grammar all adapters share. */
export const COMMANDS: CommandRegistry = createCommandRegistry([
  {
    usage: '/quote',
    keywords: ['random'],
    summary: { zh: '随机一句洞见', en: 'A random insight' },
  },
  {
    usage: '/quote <query>',
    keywords: ['search'],
    summary: { zh: '搜索(中文、英文或拼音)', en: 'Search (Chinese, English or pinyin)' },
  },
  {
    usage: '/quote topic <topic>',
    keywords: ['topic'],
    summary: { zh: '某个话题下的一句', en: 'A quote on a topic' },
  },
  {
    usage: '/quote topics',
    keywords: ['topics'],
    summary: { zh: '列出所有话题', en: 'List the topics' },
  },
  {
    usage: '/quote today',
    keywords: ['today'],
    summary: { zh: '本频道今天的一句', en: "This channel's quote of the day" },
  },
  {
    usage: '/quote id <id>',
    keywords: ['id'],
    summary: { zh: '按编号查看', en: 'A quote by its id' },
  },
  {
    usage: '/quote context <id>',
    keywords: ['context'],
    summary: { zh: '提问与完整回答', en: 'The question and the whole answer' },
  },
  {
    usage: '/quote discuss [query or topic]',
    keywords: ['discuss'],
    summary: { zh: '一句话加一个讨论题', en: 'A quote with a question for the team' },
  },
  {
    usage: '/quote card [query] [layout] [dark]',
    keywords: ['card'],
    summary: {
      zh: '金句卡片(图片);query 可以是编号,layout 为 portrait 或 square',
      en: 'The quote as a picture card; query may be an id, layout portrait or square',
    },
  },
  {
    usage: '/quote lang [zh|en|both]',
    keywords: ['lang'],
    summary: { zh: '本频道的显示语言', en: "This channel's display language" },
  },
  {
    usage: '/quote daily HH:MM [zone] [zh|en|both]',
    keywords: ['daily'],
    summary: { zh: '每天定时发一句(需管理权限)', en: 'Post an insight every day (managers)' },
  },
  {
    usage: '/quote daily HH:MM card',
    keywords: [],
    summary: {
      zh: '每天发金句卡片(图片);text 改回文字',
      en: 'Post the daily insight as a picture card; `text` switches back',
    },
  },
  {
    usage: '/quote daily off',
    keywords: [],
    summary: { zh: '停止每日一句', en: 'Stop the daily insight' },
  },
  {
    usage: '/quote daily status',
    keywords: [],
    summary: { zh: '查看本频道的订阅', en: "This channel's subscriptions" },
  },
  {
    usage: '/quote discuss weekly [day] HH:MM [zone]',
    keywords: [],
    summary: {
      zh: '每周定时发讨论题,day 如 周一(需管理权限)',
      en: 'Post a discussion prompt weekly, day as mon..sun (managers)',
    },
  },
  {
    usage: '/quote discuss weekly off',
    keywords: [],
    summary: { zh: '停止每周讨论', en: 'Stop the weekly discussion' },
  },
  {
    usage: '/quote help',
    keywords: ['help'],
    summary: { zh: '显示本帮助', en: 'Show this help' },
  },
]);
