import { createBot } from '../../src/bot/index.js';
import type { Bot, ChannelSettings } from '../../src/bot/types.js';
import type { CommandContext } from '../../src/bot/command.js';
import type { Lang, QuoteView, Reply } from '../../src/bot/reply.js';
import { loadCorpus, shippedQuotesDir } from '../../src/quotes/loader.js';
import { createQuoteSearch } from '../../src/search/index.js';
import type { Corpus } from '../../src/quotes/corpus.js';

let corpus: Corpus | undefined;

/** The shipped corpus, loaded once per test file. */
export function shippedCorpus(): Corpus {
  corpus ??= loadCorpus([shippedQuotesDir()]);
  return corpus;
}

/** The real bot over the real corpus, with in-memory channel settings and a fixed random source. */
export function createRealBot(): Bot {
  const langs = new Map<string, Lang>();
  const settings: ChannelSettings = {
    getLang: async (c) => langs.get(c),
    setLang: async (c, l) => void langs.set(c, l),
  };
  const c = shippedCorpus();
  let seed = 1;
  const random = (): number => {
    seed = (seed * 16807) % 2147483647;
    return (seed - 1) / 2147483646;
  };
  return createBot({ corpus: c, search: createQuoteSearch(c.quotes), settings, random });
}

/** A hand-written quote view for exact control over rendering. */
export const FIXTURE_QUOTE: QuoteView = {
  id: 'poverty-limited-our-imagination',
  text: '贫穷限制了我们的想象力',
  en: 'Poverty limited our imagination.',
  question: { zh: '导语:《晚点 LatePost》在文章开头引述的周明原话', en: "From LatePost's introduction" },
  topics: ['research', 'ambition'],
  attribution: {
    speaker: { zh: '周明', en: 'Zhou Ming' },
    publication: { zh: '晚点 LatePost', en: 'LatePost' },
    title: { zh: '最早出发的中国大模型创业者', en: "China's earliest large-model founder" },
    date: '2023-04',
    url: 'https://www.zhjiashun.com/zjsb-12186.html',
  },
};

/** A bot that records what it is asked and answers with `answer` (a no-match echoing the query by default). */
export interface SpyBot extends Bot {
  /** Every (text or payload, ctx) the bot saw. */
  readonly seen: { input: string; ctx: CommandContext }[];
}

/** Creates a SpyBot. */
export function createSpyBot(
  answer?: (input: string, ctx: CommandContext) => Reply | Promise<Reply>,
): SpyBot {
  const seen: { input: string; ctx: CommandContext }[] = [];
  const reply = (input: string, ctx: CommandContext): Promise<Reply> => {
    seen.push({ input, ctx: structuredClone(ctx) });
    return Promise.resolve(
      answer
        ? answer(input, ctx)
        : {
            kind: 'no-match',
            query: input.replace(/^\/quote\s*/, ''),
            message: { zh: '没有找到。', en: 'Nothing matched.' },
            suggestedTopics: ['agi'],
            actions: [],
          },
    );
  };
  return {
    seen,
    handle: reply,
    run: (command, ctx) => reply(JSON.stringify(command), ctx),
    action: reply,
    suggest: () => [],
  };
}

/** A bot whose implementation can be swapped per test (the adapter is started once per file). */
export function createSwitchableBot(initial: Bot): Bot & { use(bot: Bot): void } {
  let current = initial;
  return {
    use: (bot) => void (current = bot),
    handle: (text, ctx) => current.handle(text, ctx),
    run: (command, ctx) => current.run(command, ctx),
    action: (payload, ctx) => current.action(payload, ctx),
    suggest: (partial, limit) => current.suggest(partial, limit),
  };
}
