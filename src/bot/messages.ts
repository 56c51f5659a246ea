import type { Bilingual } from '../quotes/schema.js';
import type { CommandRef, Lang, Message, UsageKey } from './reply.js';
import { withCommands } from './syntax.js';
import { DAY_NAMES, localDateTimeIn } from './time.js';

/** Every sentence the bot says, in one place, in both languages. */
export const MESSAGES = Object.freeze({
  noQuotes: {
    zh: '还没有加载任何语录。请检查 quotes/ 目录。',
    en: 'No quotes are loaded. Check the quotes/ folder.',
  },
  noMatch: (query: string): Bilingual => ({
    zh: `没有找到与 “${query}” 相关的话。换个说法,或者试试下面的话题。`,
    en: `Nothing matched “${query}”. Try other words, or one of these topics.`,
  }),
  unknownTopic: (topic: string): Bilingual => ({
    zh: `没有叫 “${topic}” 的话题。可以试试这些:`,
    en: `There is no topic called “${topic}”. Try one of these:`,
  }),
  emptyTopic: (topic: string): Bilingual => ({
    zh: `话题 “${topic}” 下还没有语录。`,
    en: `No quotes on “${topic}” yet.`,
  }),
  noPromptMatch: (query: string): Bilingual => ({
    zh: `没有与 “${query}” 相关的讨论题。可以试试这些话题,或随便来一个。`,
    en: `No discussion prompt matches “${query}”. Try one of these topics, or any prompt.`,
  }),
  noPrompts: {
    zh: '语录里还没有讨论题。',
    en: 'The corpus has no discussion prompts yet.',
  },
  nothingSearchable: {
    zh: '这个搜索里没有可以查找的文字(表情、符号和控制字符会被忽略)。试试中文、英文或拼音。',
    en: 'There is nothing to search for in that query (emoji, symbols and control characters are ignored). Try Chinese, English or pinyin.',
  } satisfies Bilingual,
  tooLong: (max: number, length: number): Bilingual => ({
    zh: `搜索内容太长了(${length} 个字符),最多 ${max} 个字符。`,
    en: `That query is too long (${length} characters); the limit is ${max} characters.`,
  }),
  unknownId: (id: string, didYouMean?: string): Bilingual => ({
    zh: `没有编号为 “${id}” 的语录。${didYouMean ? `你是不是想找 “${didYouMean}”?` : '每句话下面都有编号。'}`,
    en: `No quote has the id “${id}”.${didYouMean ? ` Did you mean “${didYouMean}”?` : ' Every quote shows its id.'}`,
  }),
  staleAction: withCommands(
    (cmd) => ({
      zh: `这个按钮已经过期了。请重新输入 ${cmd(0)}。`,
      en: `That button has expired. Try ${cmd(0)} again.`,
    }),
    [{ run: { name: 'random' } }],
  ),
  internalError: {
    zh: '抱歉,出了点问题,请再试一次。',
    en: 'Sorry, something went wrong. Please try again.',
  },
  langIs: (lang: Lang): Message =>
    withCommands(
      (cmd) => ({
        zh: `本频道的显示语言是 ${lang}(${LANG_NAMES[lang].zh})。用 ${cmd(0)} 修改。`,
        en: `This channel shows ${LANG_NAMES[lang].en} (${lang}). Change it with ${cmd(0)}.`,
      }),
      [{ usage: 'lang' }],
    ),
  langSet: (lang: Lang): Bilingual => ({
    zh: `好的,本频道今后显示:${LANG_NAMES[lang].zh}。`,
    en: `Done: this channel now shows ${LANG_NAMES[lang].en}.`,
  }),
  invalid: (message: Bilingual, usage?: UsageKey): Message =>
    usage
      ? withCommands(
          (cmd) => ({ zh: `${message.zh} 用法:${cmd(0)}`, en: `${message.en} Usage: ${cmd(0)}` }),
          [{ usage }],
        )
      : { zh: message.zh, en: message.en },
  typo: (unknown: string, suggestion: CommandRef): Message => {
    const isHelp = 'run' in suggestion ? suggestion.run.name === 'help' : suggestion.usage === 'help';
    return withCommands(
      (cmd) => ({
        zh: `没有 “${unknown}” 这个命令。你是不是想用 ${cmd(0)}?${isHelp ? '' : `所有命令见 ${cmd(1)}。`}`,
        en: `There is no “${unknown}” command. Did you mean ${cmd(0)}?${isHelp ? '' : ` ${cmd(1)} lists every command.`}`,
      }),
      isHelp ? [suggestion] : [suggestion, { usage: 'help' }],
    );
  },
  directMessage: {
    zh: '订阅属于频道:请在频道里(而不是私信中)使用这个命令。',
    en: 'Subscriptions belong to a channel: use this command in a channel, not in a direct message.',
  },
  schedulingOff: {
    zh: '这里没有运行定时任务,所以无法订阅。',
    en: 'Scheduling is not running here, so subscriptions are not available.',
  },
  notAllowed: {
    zh: '只有能管理本频道的人才能修改订阅。',
    en: 'Only people who can manage this channel can change its subscriptions.',
  },
  badDays: {
    zh: '星期要在 0(周日)到 6(周六)之间。',
    en: 'Days of the week must be 0 (Sunday) to 6 (Saturday).',
  },
  subscribed: (
    kind: 'daily' | 'discuss',
    time: string,
    zone: string,
    days: readonly number[],
    from?: string,
  ): Bilingual => {
    const when = scheduleText(time, zone, days);
    const zh = from ? when.zh.replace(/\)$/, `,即 “${from}” 的时区)`) : when.zh;
    const en = from ? when.en.replace(/\)$/, `, the zone for “${from}”)`) : when.en;
    return kind === 'daily'
      ? { zh: `已订阅:${zh}发一句洞见。`, en: `Subscribed: an insight ${en}.` }
      : { zh: `已订阅:${zh}发一个讨论题。`, en: `Subscribed: a discussion prompt ${en}.` };
  },
  replaced: (previous: {
    time: string;
    timezone: string;
    days: readonly number[];
    lang: Lang;
  }): Bilingual => {
    const was = scheduleText(previous.time, previous.timezone, previous.days);
    return {
      zh: `它取代了原来的订阅:${was.zh},${LANG_NAMES[previous.lang].zh}。`,
      en: `It replaces the previous one: ${was.en}, ${LANG_NAMES[previous.lang].en}.`,
    };
  },
  heldBack: (
    kind: 'daily' | 'discuss',
    zone: string,
    held: { skipped: string; lastPost: string; gapHours: number },
  ): Bilingual => {
    const skipped = localDateTimeIn(held.skipped, zone);
    const last = localDateTimeIn(held.lastPost, zone);
    const what =
      kind === 'daily' ? { zh: '每日一句', en: 'daily insight' } : { zh: '讨论题', en: 'discussion prompt' };
    return {
      zh: `${skipped} 这一次不会发:本频道在 ${last}(${zone})刚发过${what.zh},新的时间要在上一次发出 ${held.gapHours} 小时后才生效,免得一天发两次。`,
      en: `There is no post at ${skipped}: this channel got its ${what.en} at ${last} (${zone}), and a new schedule starts ${held.gapHours} hours after the last post, so the channel never gets two in one day.`,
    };
  },
  unsubscribed: (kind: 'daily' | 'discuss', removed: boolean): Bilingual => {
    const name =
      kind === 'daily'
        ? { zh: '每日一句', en: 'daily insight' }
        : { zh: '每周讨论', en: 'weekly discussion' };
    return removed
      ? { zh: `已停止${name.zh}。`, en: `Stopped the ${name.en}.` }
      : { zh: `本频道没有${name.zh}订阅。`, en: `This channel has no ${name.en} subscription.` };
  },
  noSubscriptions: withCommands(
    (cmd) => ({
      zh: `本频道还没有订阅。用 ${cmd(0)} 开始每日一句。`,
      en: `No subscriptions here yet. Start one with ${cmd(0)}.`,
    }),
    [{ run: { name: 'subscribe', kind: 'daily', time: '09:00' } }],
  ),
});

/** `every day at 09:00 (Asia/Shanghai)` / `每天 09:00(Asia/Shanghai)`. */
function scheduleText(time: string, zone: string, days: readonly number[]): Bilingual {
  const every = days.length === 7;
  const zh = every ? '每天' : days.map((d) => DAY_NAMES[d]?.zh ?? '').join('、');
  const en = every ? 'every day' : `on ${days.map((d) => DAY_NAMES[d]?.en ?? '').join(', ')}`;
  return { zh: `${zh} ${time}(${zone})`, en: `${en} at ${time} (${zone})` };
}

/** Names of the display languages. */
export const LANG_NAMES: Readonly<Record<Lang, Bilingual>> = Object.freeze({
  zh: { zh: '中文', en: 'Chinese only' },
  en: { zh: '英文', en: 'English only' },
  both: { zh: '中英双语', en: 'Chinese with English' },
});

/** Button labels. */
export const ACTION_LABELS = Object.freeze({
  another: { zh: '换一句', en: 'Another' },
  share: { zh: '分享到频道', en: 'Share' },
  context: { zh: '上下文', en: 'Context' },
  random: { zh: '随机一句', en: 'Random' },
  discuss: { zh: '讨论题', en: 'Discuss' },
} satisfies Record<string, Bilingual>);
