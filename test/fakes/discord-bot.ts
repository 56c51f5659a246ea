import type { Command, CommandContext } from '../../src/bot/command.js';
import type { Action, QuoteView, Reply } from '../../src/bot/reply.js';
import type { Bot } from '../../src/bot/types.js';

const attribution: QuoteView['attribution'] = {
  speaker: { zh: '周明', en: 'Zhou Ming' },
  publication: { zh: '晚点 LatePost', en: 'LatePost' },
  title: {
    zh: '最早出发的中国大模型创业者:“贫穷限制了我们的想象力”',
    en: 'China\'s earliest large-model founder: "Poverty limited our imagination"',
  },
  date: '2023-04',
  url: 'https://www.zhjiashun.com/zjsb-12186.html',
};

/** A few quotes as the core would render them. */
export const QUOTES: readonly QuoteView[] = [
  {
    id: 'poverty-limited-our-imagination',
    text: '贫穷限制了我们的想象力',
    en: 'Poverty limited our imagination.',
    question: {
      zh: '导语:《晚点 LatePost》在文章开头引述的周明原话',
      en: "From LatePost's introduction: Zhou Ming's words quoted by the article",
    },
    topics: ['research', 'ambition'],
    attribution,
  },
  {
    id: 'llms-will-be-infrastructure',
    text: '大模型未来会成为某种基础设施',
    en: 'Large models will become a kind of infrastructure in the future.',
    question: {
      zh: '导语:《晚点 LatePost》在文章开头引述的周明原话',
      en: "From LatePost's introduction: Zhou Ming's words quoted by the article",
    },
    topics: ['strategy', 'deployment'],
    attribution,
  },
];

const PROMPT = {
  zh: '如果大模型成为基础设施,哪些事我们该在它之上做,哪些仍值得自己做?',
  en: 'If large models become infrastructure, what should we build on top of them, and what is still worth building ourselves?',
};

const act = (kind: Action['kind'], en: string, zh: string, payload: string): Action => ({
  kind,
  label: { zh, en },
  payload,
});
const quoteActions = (q: QuoteView, another: string): Action[] => [
  act('another', 'Another', '换一条', another),
  act('share', 'Share', '分享', `s|${q.id}`),
  act('context', 'Context', '上下文', `c|${q.id}`),
];

/** A bot with fixed answers that records what the adapter asked; `hold()` makes the next answer wait. */
export interface FixtureBot extends Bot {
  /** Every `run`, in order. */
  readonly runs: { command: Command; ctx: CommandContext }[];
  /** Every `action`, in order. */
  readonly actions: { payload: string; ctx: CommandContext }[];
  /** Every `suggest`, in order. */
  readonly suggests: { partial: string; limit: number }[];
  /** The next run/action waits until `release()`. */
  hold(): { release(): void };
  /** The next run/action throws this error. */
  failNext(error: Error): void;
}

/** A paragraph count and size that cannot fit one message: the adapter must split it. */
export const LONG_ANSWER = Array.from({ length: 14 }, (_, i) =>
  `第${i + 1}段。`.concat('大模型的落地需要耐心，也需要把成本降下来。'.repeat(40)),
);

export function createFixtureBot(): FixtureBot {
  const runs: FixtureBot['runs'] = [];
  const actions: FixtureBot['actions'] = [];
  const suggests: FixtureBot['suggests'] = [];
  let gate: Promise<void> | undefined;
  let failure: Error | undefined;
  const [q0, q1] = QUOTES as [QuoteView, QuoteView];

  const quote = (q: QuoteView, another: string, note?: string): Reply => ({
    kind: 'quote',
    quote: q,
    lang: 'both',
    ...(note ? { note } : {}),
    actions: quoteActions(q, another),
  });
  const context = (id: string): Reply => ({
    kind: 'context',
    quote: id === 'long-answer' ? { ...q1, id } : q1,
    lang: 'both',
    question: { zh: '你为什么决定创业?', en: 'Why did you decide to start a company?' },
    answer: id === 'long-answer' ? LONG_ANSWER : ['那是两年前。', `我认为${q1.text}。`],
    actions: [act('share', 'Share', '分享', `s|${q1.id}`)],
  });
  const discussion = (): Reply => ({
    kind: 'discussion',
    quote: q1,
    lang: 'both',
    prompt: PROMPT,
    actions: [act('discuss', 'Another prompt', '换一个讨论题', 'd|1|')],
  });

  async function gated<T>(answer: () => T): Promise<T> {
    const waitFor = gate;
    gate = undefined;
    if (waitFor) await waitFor;
    if (failure) {
      const e = failure;
      failure = undefined;
      throw e;
    }
    return answer();
  }

  function answerCommand(command: Command): Reply {
    switch (command.name) {
      case 'random':
        return quote(q0, 'r');
      case 'search':
        if (/everyone|nothing/.test(command.query))
          return {
            kind: 'no-match',
            query: command.query,
            message: { zh: '没有找到匹配的名言。', en: 'No quote matched.' },
            suggestedTopics: ['agi', 'cost'],
            actions: [act('random', 'Random quote', '随机一句', 'r')],
          };
        return quote(q1, `n|1|${command.query}`, 'Match 1 of 3');
      case 'id':
        return QUOTES.some((q) => q.id === command.id)
          ? quote(QUOTES.find((q) => q.id === command.id) as QuoteView, 'r')
          : {
              kind: 'notice',
              level: 'error',
              message: { zh: '没有这个编号。', en: 'No quote has that id.' },
            };
      case 'topic':
        return quote(q1, `t|1|${command.topic}`, `Topic: ${command.topic}`);
      case 'today':
        return quote(q1, 'r', "Today's quote");
      case 'context':
        return context(command.id);
      case 'discuss':
        return discussion();
      case 'subscribe':
        return /^\d{1,2}:\d{2}$/.test(command.time)
          ? {
              kind: 'notice',
              level: 'info',
              message: {
                zh: `已订阅:每天 ${command.time} (${command.timezone ?? 'Asia/Shanghai'})。`,
                en: `Subscribed: every day at ${command.time} (${command.timezone ?? 'Asia/Shanghai'}).`,
              },
            }
          : {
              kind: 'notice',
              level: 'error',
              message: { zh: '时间格式应为 HH:MM。', en: 'Time must be HH:MM.' },
            };
      case 'unsubscribe':
        return {
          kind: 'notice',
          level: 'info',
          message: { zh: '已停止每日一句。', en: 'Daily insight stopped.' },
        };
      case 'status':
        return {
          kind: 'subscriptions',
          subscriptions: [
            {
              id: 1,
              kind: 'daily',
              time: '09:00',
              timezone: 'Asia/Shanghai',
              days: [0, 1, 2, 3, 4, 5, 6],
              lang: 'both',
              nextAt: '2026-01-02T01:00:00.000Z',
            },
            {
              id: 2,
              kind: 'discuss',
              time: '10:00',
              timezone: 'Europe/London',
              days: [1],
              lang: 'en',
              pausedReason: 'discord 403 Missing Access (50001)',
            },
          ],
        };
      default:
        return {
          kind: 'help',
          entries: [{ usage: '/quote', summary: { zh: '随机一句', en: 'A random quote' } }],
        };
    }
  }

  function answerAction(payload: string): Reply {
    if (payload === 'r') return quote(q1, 'r');
    if (payload.startsWith('n|9|'))
      return { kind: 'notice', level: 'warning', message: { zh: '没有更多了。', en: 'No more matches.' } };
    if (payload.startsWith('n|')) return quote(q0, 'n|2|x', 'Match 2 of 3');
    if (payload.startsWith('s|')) return quote(QUOTES.find((q) => q.id === payload.slice(2)) ?? q0, 'r');
    if (payload.startsWith('c|')) return context(payload.slice(2));
    if (payload.startsWith('d|')) return discussion();
    return {
      kind: 'notice',
      level: 'warning',
      message: { zh: '这个按钮已失效。', en: 'That button no longer works.' },
    };
  }

  return {
    runs,
    actions,
    suggests,
    hold() {
      let release = () => {};
      gate = new Promise<void>((resolve) => (release = resolve));
      return { release: () => release() };
    },
    failNext(error) {
      failure = error;
    },
    handle: () => Promise.reject(new Error('the Discord adapter never sends text commands')),
    run(command, ctx) {
      runs.push({ command, ctx });
      return gated(() => answerCommand(command));
    },
    action(payload, ctx) {
      actions.push({ payload, ctx });
      return gated(() => answerAction(payload));
    },
    suggest(partial, limit) {
      suggests.push({ partial, limit });
      if (partial === 'many')
        return Array.from({ length: 40 }, (_, i) => ({
          id: `quote-${i}`,
          label: `${'长'.repeat(150)} ${i}`,
        })).slice(0, limit);
      const p = partial.toLowerCase();
      return QUOTES.filter(
        (q) => !p || q.text.includes(partial) || q.en.toLowerCase().includes(p) || q.id.includes(p),
      )
        .slice(0, limit)
        .map((q) => ({ id: q.id, label: `${q.text} — ${q.en}` }));
    },
  };
}
