import { systemClock } from '../clock.js';
import { answerContext } from '../quotes/context.js';
import { quoteOfTheDay, randomQuote, topicCounts } from '../quotes/pick.js';
import { TOPIC_LABELS, TOPICS, type Bilingual, type Quote, type Topic } from '../quotes/schema.js';
import { MAX_QUERY_LENGTH } from '../search/types.js';
import type { Command, CommandContext } from './command.js';
import { CARD_MESSAGES } from './card-messages.js';
import { ACTION_LABELS, MESSAGES } from './messages.js';
import { parseInput, searchTermsOf, type ParseOptions } from './parse.js';
import { suggestQuotes } from './suggest.js';
import { decodeAction, encodeAction, type ActionRequest } from './payload.js';
import { COMMANDS } from './registry.js';
import type { Action, CardAttachment, Lang, Message, QuoteView, Reply } from './reply.js';
import type { CardOptions } from '../card/index.js';
import { runSubscriptionCommand } from './subscribe.js';
import { editDistance, normalizeInput } from './text.js';
import { localDateIn } from './time.js';
import { closestTopics, exactTopic, resolveTopic } from './topics.js';
import type { Bot, BotDeps } from './types.js';
import { toQuoteView } from './view.js';

/** Most search hits the bot pages through with "another"; the search caps a page at 50. */
const MAX_HITS = 50;
const SUGGESTED_TOPICS = 5;

/** Creates the platform-neutral bot. Never throws to an adapter: anything unexpected becomes a polite notice. */
export function createBot(deps: BotDeps): Bot {
  const { corpus, search, settings } = deps;
  const random = deps.random ?? Math.random;
  const clock = deps.clock ?? systemClock;
  const defaultTimeZone = deps.defaultTimeZone ?? 'Asia/Shanghai';
  const searchTerms = searchTermsOf(corpus.quotes);
  const byId = corpus.byId;
  const parseOptions: ParseOptions = {
    isSearchTerm: (w) => searchTerms.has(w),
    isQuoteId: (id) => byId.has(id),
  };

  const langOf = async (channel: string): Promise<Lang> => (await settings.getLang(channel)) ?? 'both';
  const action = (request: ActionRequest, kind: Action['kind']): Action => ({
    kind,
    label: { ...ACTION_LABELS[kind] },
    payload: encodeAction(request),
  });
  const quoteActions = (quote: Quote, another?: Action): Action[] => [
    another ?? action({ kind: 'random' }, 'random'),
    action({ kind: 'share', id: quote.id }, 'share'),
    action({ kind: 'context', id: quote.id }, 'context'),
  ];
  const view = (quote: Quote): QuoteView => toQuoteView(quote, corpus, deps.publicUrl);
  const quoteReply = (quote: Quote, lang: Lang, actions: Action[], note?: string): Reply => ({
    kind: 'quote',
    quote: view(quote),
    lang,
    ...(note ? { note } : {}),
    actions,
  });
  const notice = (lang: Lang, level: 'info' | 'warning' | 'error', message: Message): Reply => ({
    kind: 'notice',
    lang,
    level,
    message,
  });
  const popularTopics = (): string[] =>
    topicCounts(corpus.quotes)
      .sort((a, b) => b.count - a.count)
      .slice(0, SUGGESTED_TOPICS)
      .map((t) => t.id);
  const noMatch = (
    query: string,
    lang: Lang,
    message: Bilingual,
    topics = popularTopics(),
    again?: Action,
    suggestCommand: 'topic' | 'discuss' = 'topic',
  ): Reply => ({
    kind: 'no-match',
    lang,
    query,
    message,
    suggestedTopics: topics,
    suggestCommand,
    actions: [again ?? action({ kind: 'random' }, 'random')],
  });

  function randomReply(lang: Lang): Reply {
    const quote = randomQuote(corpus.quotes, random, (q) => q.insight) ?? randomQuote(corpus.quotes, random);
    if (!quote) return notice(lang, 'error', MESSAGES.noQuotes);
    return quoteReply(quote, lang, quoteActions(quote, action({ kind: 'random' }, 'another')));
  }

  function searchReply(rawQuery: string, offset: number, lang: Lang): Reply {
    const query = normalizeInput(rawQuery);
    // Only a truly empty query means "random"; emoji, symbols or control characters alone deserve an answer.
    if (query === '')
      return rawQuery.trim() === '' ? randomReply(lang) : noMatch('', lang, MESSAGES.nothingSearchable);
    const length = Array.from(query).length;
    if (length > MAX_QUERY_LENGTH) return notice(lang, 'warning', MESSAGES.tooLong(MAX_QUERY_LENGTH, length));
    // Autocomplete hands back quote ids as the query; an exact id is that quote.
    const exact = byId.get(query.toLowerCase());
    if (exact) return quoteReply(exact, lang, quoteActions(exact), '1/1');
    const result = search.search(query, { limit: MAX_HITS });
    if (!result.ok) {
      const refusal = result.error;
      if (refusal.reason === 'too-long')
        return notice(lang, 'warning', MESSAGES.tooLong(refusal.max, refusal.length));
      if (refusal.reason === 'empty') return noMatch(query, lang, MESSAGES.nothingSearchable);
      return noMatch(query, lang, MESSAGES.noMatch(query));
    }
    const hits = result.value;
    if (hits.length === 0) {
      // A topic name that no quote spells out (`雄心`) still means that topic.
      const topic = exactTopic(query);
      if (topic) return topicReply(topic, undefined, lang);
      return noMatch(query, lang, MESSAGES.noMatch(query), closestOrPopular(query));
    }
    const i = offset % hits.length;
    const hit = hits[i];
    if (!hit) return noMatch(query, lang, MESSAGES.noMatch(query));
    const more =
      hits.length > 1
        ? action({ kind: 'search', query, offset: (i + 1) % hits.length }, 'another')
        : undefined;
    const total = `${hits.length}${hits.length >= MAX_HITS ? '+' : ''}`;
    return quoteReply(hit.quote, lang, quoteActions(hit.quote, more), `${i + 1}/${total}`);
  }

  function closestOrPopular(query: string): string[] {
    const ascii = /^[\x20-\x7e]+$/.test(query);
    return ascii && query.length >= 3 ? closestTopics(query, SUGGESTED_TOPICS) : popularTopics();
  }

  function topicReply(input: string, offset: number | undefined, lang: Lang): Reply {
    const topic = resolveTopic(input);
    if (!topic)
      return noMatch(input, lang, MESSAGES.unknownTopic(input), closestTopics(input, SUGGESTED_TOPICS));
    // Insights first, so the first quotes a topic shows are the ones fit for a channel.
    const pool = corpus.quotes
      .filter((q) => q.topics.includes(topic))
      .sort((a, b) => Number(b.insight) - Number(a.insight));
    if (pool.length === 0) return noMatch(input, lang, MESSAGES.emptyTopic(TOPIC_LABELS[topic].en));
    const i = offset === undefined ? Math.floor(random() * pool.length) % pool.length : offset % pool.length;
    const quote = pool[i] as Quote;
    const more =
      pool.length > 1
        ? action({ kind: 'topic', topic, offset: (i + 1) % pool.length }, 'another')
        : undefined;
    return quoteReply(quote, lang, quoteActions(quote, more), `${topic} ${i + 1}/${pool.length}`);
  }

  function discussReply(rawQuery: string | undefined, offset: number | undefined, lang: Lang): Reply {
    const prompts = corpus.quotes.filter((q) => q.prompt);
    if (prompts.length === 0) return notice(lang, 'warning', MESSAGES.noPrompts);
    const query = normalizeInput(rawQuery ?? '');
    let pool = prompts;
    if (query !== '') {
      const topic = exactTopic(query);
      pool = topic ? prompts.filter((q) => q.topics.includes(topic)) : [];
      if (pool.length === 0) {
        const result = search.search(query, { limit: MAX_HITS });
        pool = result.ok ? result.value.map((h) => h.quote).filter((q) => q.prompt) : [];
      }
      if (pool.length === 0) {
        const withPrompts = topicCounts(prompts).map((t) => t.id);
        const any = action({ kind: 'discuss', query: '', offset: 0 }, 'discuss');
        return noMatch(
          query,
          lang,
          MESSAGES.noPromptMatch(query),
          withPrompts.slice(0, SUGGESTED_TOPICS),
          any,
          'discuss',
        );
      }
    }
    const start = offset ?? (query === '' ? Math.floor(random() * pool.length) : 0);
    const i = start % pool.length;
    const quote = pool[i] as Quote;
    const more =
      pool.length > 1
        ? action({ kind: 'discuss', query, offset: (i + 1) % pool.length }, 'another')
        : undefined;
    return {
      kind: 'discussion',
      quote: view(quote),
      lang,
      prompt: { ...(quote.prompt as Bilingual) },
      actions: quoteActions(quote, more),
    };
  }

  async function todayReply(ctx: CommandContext, lang: Lang): Promise<Reply> {
    if (corpus.quotes.length === 0) return notice(lang, 'error', MESSAGES.noQuotes);
    const daily = (await deps.subscriptions?.list(ctx.channel))?.find((s) => s.kind === 'daily');
    const zone = daily?.timezone ?? defaultTimeZone;
    const date = localDateIn(clock.now(), zone);
    const id = await deps.subscriptions?.todayQuoteId(ctx.channel);
    const quote = (id ? byId.get(id) : undefined) ?? quoteOfTheDay(corpus.quotes, ctx.channel, date);
    // "Today" differs by zone, so the date says whose: the daily subscription's, else the default.
    return quoteReply(quote, lang, quoteActions(quote), `${date} (${zone})`);
  }

  /** Draws a quote's card; undefined when cards are off or drawing failed (the caller falls back to text). */
  async function drawCard(quote: QuoteView, options: CardOptions): Promise<CardAttachment | undefined> {
    if (!deps.cards) return undefined;
    try {
      const card = await deps.cards.render(quote, options);
      const query = new URLSearchParams({
        ...(card.layout !== 'landscape' ? { layout: card.layout } : {}),
        ...(card.theme !== 'light' ? { theme: card.theme } : {}),
        ...(card.lang !== 'both' ? { lang: card.lang } : {}),
      }).toString();
      return {
        png: card.png,
        filename: card.filename,
        width: card.width,
        height: card.height,
        alt: card.alt,
        ...(quote.permalink ? { url: `${quote.permalink}.png${query ? `?${query}` : ''}` } : {}),
      };
    } catch {
      return undefined;
    }
  }

  async function cardReply(command: Extract<Command, { name: 'card' }>, lang: Lang): Promise<Reply> {
    if (!deps.cards) return notice(lang, 'warning', CARD_MESSAGES.cardsOff);
    let reply: Reply;
    const query = command.query === undefined ? '' : normalizeInput(command.query);
    const exact = byId.get(query.toLowerCase());
    if (query === '') reply = randomReply(lang);
    else if (exact) reply = quoteReply(exact, lang, quoteActions(exact));
    else reply = searchReply(query, 0, lang);
    if (reply.kind !== 'quote') return reply;
    const card = await drawCard(reply.quote, { layout: command.layout, theme: command.theme, lang });
    // Buttons under a card: share it, or read the context; "another" would replace a picture with text.
    const actions = reply.actions.filter((a) => a.kind !== 'another' && a.kind !== 'random');
    if (!card) return { ...reply, actions, note: CARD_MESSAGES.cardFailed };
    return { ...reply, actions, note: CARD_MESSAGES.cardNote, card };
  }

  function unknownId(id: string, lang: Lang): Reply {
    let best: { id: string; distance: number } | undefined;
    for (const known of byId.keys()) {
      const distance = known.includes(id) && id.length >= 3 ? 0 : editDistance(id, known);
      if (!best || distance < best.distance) best = { id: known, distance };
    }
    const near = best && best.distance <= Math.max(2, Math.floor(id.length / 4)) ? best.id : undefined;
    return notice(lang, 'warning', MESSAGES.unknownId(id, near));
  }

  function contextReply(id: string, lang: Lang): Reply {
    const quote = byId.get(id);
    if (!quote) return unknownId(id, lang);
    const { question, answer } = answerContext(quote, corpus);
    return {
      kind: 'context',
      quote: view(quote),
      lang,
      ...(question ? { question } : {}),
      answer,
      actions: [action({ kind: 'share', id: quote.id }, 'share'), action({ kind: 'random' }, 'random')],
    };
  }

  function helpReply(lang: Lang): Reply {
    return { kind: 'help', lang, entries: COMMANDS.helpEntries() };
  }

  // A search starting with a near-miss subcommand (`contxet foo`) that finds nothing was most likely a typo.
  async function handleText(text: string, ctx: CommandContext): Promise<Reply> {
    const { command, typo } = parseInput(text, parseOptions);
    const reply = await run(command, ctx);
    return typo && reply.kind === 'no-match'
      ? notice(await langOf(ctx.channel), 'warning', MESSAGES.typo(typo.unknown, typo.suggestion))
      : reply;
  }

  async function run(command: Command, ctx: CommandContext): Promise<Reply> {
    const lang = await langOf(ctx.channel);
    switch (command.name) {
      case 'card':
        return cardReply(command, lang);
      case 'random':
        return randomReply(lang);
      case 'search':
        return searchReply(command.query, command.offset ?? 0, lang);
      case 'topic':
        return topicReply(command.topic, command.offset, lang);
      case 'topics':
        return {
          kind: 'topics',
          lang,
          topics: topicCounts(corpus.quotes).map((t) => ({ id: t.id, label: t.label, count: t.count })),
        };
      case 'today':
        return todayReply(ctx, lang);
      case 'id': {
        const quote = byId.get(command.id.trim().toLowerCase());
        return quote ? quoteReply(quote, lang, quoteActions(quote)) : unknownId(command.id, lang);
      }
      case 'context':
        return contextReply(command.id.trim().toLowerCase(), lang);
      case 'discuss':
        return discussReply(command.query, undefined, lang);
      case 'lang':
        if (!command.lang) return notice(lang, 'info', MESSAGES.langIs(lang));
        await settings.setLang(ctx.channel, command.lang);
        return notice(command.lang, 'info', MESSAGES.langSet(command.lang));
      case 'subscribe':
      case 'unsubscribe':
      case 'status':
        return runSubscriptionCommand(command, ctx, lang, {
          subscriptions: deps.subscriptions,
          defaultTimeZone,
        });
      case 'help':
        return helpReply(lang);
      case 'typo':
        return notice(lang, 'warning', MESSAGES.typo(command.unknown, command.suggestion));
      case 'invalid':
        return notice(lang, 'error', MESSAGES.invalid(command.message, command.usage));
    }
  }

  async function press(payload: string, ctx: CommandContext): Promise<Reply> {
    const lang = await langOf(ctx.channel);
    const request = decodeAction(payload);
    if (!request) return notice(lang, 'warning', MESSAGES.staleAction);
    switch (request.kind) {
      case 'random':
        return randomReply(lang);
      case 'search':
        return searchReply(request.query, request.offset, lang);
      case 'topic':
        return TOPICS.includes(request.topic as Topic)
          ? topicReply(request.topic, request.offset, lang)
          : notice(lang, 'warning', MESSAGES.staleAction);
      case 'discuss':
        return discussReply(request.query, request.offset, lang);
      case 'context':
        return byId.has(request.id)
          ? contextReply(request.id, lang)
          : notice(lang, 'warning', MESSAGES.staleAction);
      case 'share': {
        const quote = byId.get(request.id);
        if (!quote) return notice(lang, 'warning', MESSAGES.staleAction);
        const by = ctx.user.name ?? ctx.user.id;
        const shared = quoteReply(
          quote,
          lang,
          [action({ kind: 'context', id: quote.id }, 'context')],
          `shared by ${by}`,
        );
        // A shared quote travels with its card, so the channel sees the picture (text stays for search).
        if (shared.kind !== 'quote' || !deps.cards) return shared;
        return drawCard(shared.quote, { lang }).then((card) => (card ? { ...shared, card } : shared));
      }
    }
  }

  // The boundary: whatever goes wrong inside, the adapter gets a Reply it can render.
  const guard = async (ctx: CommandContext, answer: () => Promise<Reply>): Promise<Reply> => {
    try {
      return await answer();
    } catch {
      return notice(await safeLang(() => langOf(ctx.channel)), 'error', MESSAGES.internalError);
    }
  };

  return {
    handle: (text, ctx) => guard(ctx, () => handleText(String(text ?? ''), ctx)),
    run: (command, ctx) => guard(ctx, () => run(command, ctx)),
    action: (payload, ctx) => guard(ctx, () => press(String(payload ?? ''), ctx)),
    suggest: (partial, limit) => {
      try {
        return suggestQuotes(corpus, search, partial, limit);
      } catch {
        return [];
      }
    },
  };
}

async function safeLang(read: () => Promise<Lang>): Promise<Lang> {
  try {
    return await read();
  } catch {
    return 'both';
  }
}
