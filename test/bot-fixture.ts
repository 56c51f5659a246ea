// A small corpus, a trivial search and fakes for the bot's ports, shared by the bot and shell tests.
import type { Lang, SubscriptionView } from '../src/bot/reply.js';
import type { ChannelSettings, SubscribeRequest, Subscriptions } from '../src/bot/types.js';
import type { Corpus, LoadedSource } from '../src/quotes/corpus.js';
import type { Bilingual, Quote, Topic } from '../src/quotes/schema.js';
import { err, ok } from '../src/result.js';
import type { QuoteSearch, SearchHit } from '../src/search/types.js';
import { MAX_QUERY_LENGTH } from '../src/search/types.js';

export const SOURCE_ID = 'fixture-source';

const source: LoadedSource = {
  id: SOURCE_ID,
  file: '/fixture/quotes.yaml',
  publication: { zh: '晚点 LatePost', en: 'LatePost' },
  title: { zh: '最早出发的中国大模型创业者', en: "China's earliest large-model founder" },
  date: '2023-04',
  url: 'https://example.com/latepost-zhou-ming',
  speaker: { zh: '周明', en: 'Zhou Ming', bio: { zh: '澜舟科技创始人', en: 'Founder of Langboat' } },
  sections: [
    { id: 'intro', zh: '导语', en: 'Introduction' },
    { id: '01', zh: '巨震', en: 'The quake' },
  ],
};

const INTRO_Q: Bilingual = { zh: '导语', en: 'From the introduction' };
const WHY_Q: Bilingual = { zh: '你为什么更早看到了机会?', en: 'Why did you see the opportunity earlier?' };

function quote(
  id: string,
  text: string,
  en: string,
  topics: Topic[],
  extra: Partial<Pick<Quote, 'insight' | 'prompt' | 'question' | 'section' | 'keywords'>> = {},
): Quote {
  return {
    id,
    sourceId: SOURCE_ID,
    section: extra.section ?? 'intro',
    text,
    en,
    question: extra.question ?? INTRO_Q,
    topics,
    keywords: extra.keywords ?? { zh: [], en: [] },
    insight: extra.insight ?? true,
    ...(extra.prompt ? { prompt: extra.prompt } : {}),
  };
}

/** Six quotes: four insights, three prompts, two sharing a question (for context fallback). */
export const FIXTURE_QUOTES: readonly Quote[] = [
  quote(
    'poverty-limited-imagination',
    '贫穷限制了我们的想象力',
    'Poverty limited our imagination.',
    ['research', 'ambition'],
    {
      keywords: { zh: ['贫穷'], en: ['poverty'] },
    },
  ),
  quote(
    'llms-infrastructure',
    '大模型未来会成为某种基础设施',
    'Large models will become infrastructure.',
    ['strategy'],
    {
      prompt: { zh: '我们应该在基础设施之上做什么?', en: 'What should we build on the infrastructure?' },
    },
  ),
  quote('company-must-survive', '公司要活下来', 'The company has to survive.', ['startup', 'strategy'], {
    keywords: { zh: ['活下来'], en: ['survival', 'long game'] },
    prompt: { zh: '活下来最先要守住什么?', en: 'What must we protect first to survive?' },
  }),
  quote('poverty-limits-again', '贫穷限制了想象力。', 'Poverty limits imagination.', ['compute'], {
    insight: false,
    section: '01',
    question: WHY_Q,
  }),
  quote(
    'transformer-turing',
    '也许会颁给 Transformer 而不是 ChatGPT',
    'It may go to the Transformer, not ChatGPT.',
    ['transformer'],
    {
      section: '01',
      question: WHY_Q,
    },
  ),
  quote('2b-is-pragmatic', '2B 节奏慢,但是更务实。', '2B is slow, but more pragmatic.', ['2b-vs-2c'], {
    insight: false,
    prompt: { zh: '我们更像 2C 还是 2B?', en: 'Are we more 2C or 2B?' },
  }),
];

/** The fixture as a Corpus (no source text, so context falls back to quotes sharing the question). */
export function fixtureCorpus(quotes: readonly Quote[] = FIXTURE_QUOTES): Corpus {
  return {
    sources: new Map([[SOURCE_ID, source]]),
    quotes,
    byId: new Map(quotes.map((q) => [q.id, q])),
    issues: [],
  };
}

/** A trivial search: case-insensitive substring over text, English and keywords, in corpus order. */
export function stubSearch(quotes: readonly Quote[] = FIXTURE_QUOTES): QuoteSearch & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    search(query, options = {}) {
      calls.push(query);
      const q = query.normalize('NFKC').trim().toLowerCase();
      if (q.length > MAX_QUERY_LENGTH)
        return err({ reason: 'too-long', max: MAX_QUERY_LENGTH, length: q.length });
      if (q === '') return err({ reason: 'empty' });
      const hits: SearchHit[] = quotes
        .filter((x) =>
          [x.text, x.en, ...x.keywords.zh, ...x.keywords.en].some((f) => f.toLowerCase().includes(q)),
        )
        .map((x) => ({ quote: x, score: 1 }));
      const offset = options.offset ?? 0;
      return ok(hits.slice(offset, offset + (options.limit ?? 5)));
    },
  };
}

/** Channel settings in a Map, as the Store keeps them. */
export function mapSettings(): ChannelSettings & { map: Map<string, Lang> } {
  const map = new Map<string, Lang>();
  return {
    map,
    getLang: async (c) => map.get(c),
    setLang: async (c, l) => void map.set(c, l),
  };
}

/** A fake scheduler that records requests and can be told to refuse. */
export function fakeSubscriptions(
  options: { refuse?: Bilingual; todayId?: string } = {},
): Subscriptions & { requests: SubscribeRequest[]; views: SubscriptionView[] } {
  const requests: SubscribeRequest[] = [];
  const views: SubscriptionView[] = [];
  let nextId = 1;
  return {
    requests,
    views,
    async subscribe(request) {
      requests.push(request);
      if (options.refuse) return err(options.refuse);
      const view: SubscriptionView = {
        id: nextId++,
        kind: request.kind,
        time: request.time,
        timezone: request.timezone,
        days: request.days,
        lang: request.lang,
        ...(request.card ? { card: true } : {}),
        nextAt: '2024-05-02T01:00:00.000Z',
      };
      const existing = views.findIndex((v) => v.kind === request.kind);
      if (existing >= 0) views.splice(existing, 1);
      views.push(view);
      return ok(view);
    },
    async unsubscribe(_channel, kind) {
      const i = views.findIndex((v) => v.kind === kind);
      if (i < 0) return false;
      views.splice(i, 1);
      return true;
    },
    list: async () => [...views],
    todayQuoteId: async () => options.todayId,
  };
}

/** Who typed the command in most tests: a manager in a channel. */
export const MANAGER = { channel: 'slack:T1:C1', user: { id: 'U1', name: 'ada' }, canManage: true } as const;
/** A member without the right to change subscriptions. */
export const MEMBER = { channel: 'slack:T1:C1', user: { id: 'U2', name: 'bob' }, canManage: false } as const;
