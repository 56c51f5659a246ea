// Ids merged into another quote keep working everywhere a user or a stored row can hold one.
import { describe, expect, it } from 'vitest';
import { createBot } from '../src/bot/index.js';
import { encodeAction } from '../src/bot/payload.js';
import type { Reply } from '../src/bot/reply.js';
import { loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';
import { scheduledReply } from '../src/schedule/post-reply.js';
import { createQuoteSearch } from '../src/search/index.js';
import type { SubscriptionRecord } from '../src/store/types.js';
import { MANAGER, mapSettings } from './bot-fixture.js';

const corpus = loadCorpus([shippedQuotesDir()]);
const bot = createBot({
  corpus,
  search: createQuoteSearch(corpus.quotes),
  settings: mapSettings(),
  random: () => 0.5,
});
// lecun-has-a-point was merged into chatgpt-model-of-integrated-innovation; no-capability-no-deals into
// read-the-situation-survive-first.
const OLD = 'lecun-has-a-point';
const NOW = 'chatgpt-model-of-integrated-innovation';
const idOf = (r: Reply): string | undefined =>
  r.kind === 'quote' || r.kind === 'context' || r.kind === 'discussion' ? r.quote.id : r.kind;

describe('an alias id (a quote merged into another)', () => {
  it('answers /quote id and /quote context with the quote that absorbed it', async () => {
    expect(idOf(await bot.handle(`/quote id ${OLD}`, MANAGER))).toBe(NOW);
    const context = await bot.handle(`/quote context ${OLD}`, MANAGER);
    expect(idOf(context)).toBe(NOW);
    if (context.kind === 'context') expect(context.answer.join('')).toContain('他说的有一定道理。');
  });

  it('works in buttons sent before the merge (Slack values and Discord custom ids carry the payload)', async () => {
    expect(idOf(await bot.action(encodeAction({ kind: 'context', id: OLD }), MANAGER))).toBe(NOW);
    const shared = await bot.action(encodeAction({ kind: 'share', id: 'no-capability-no-deals' }), MANAGER);
    expect(idOf(shared)).toBe('read-the-situation-survive-first');
  });

  it('works as a Discord autocomplete value (sent as the search query) and as typed text', async () => {
    expect(idOf(await bot.run({ name: 'search', query: OLD }, MANAGER))).toBe(NOW);
    expect(idOf(await bot.handle(OLD, MANAGER))).toBe(NOW);
  });

  it('builds a scheduled post, or its retry, from a stored row holding the old id', () => {
    const sub = { kind: 'daily', lang: 'both' } as SubscriptionRecord;
    const reply = scheduledReply(sub, 'few-teams-can-train-and-apply', corpus);
    expect(idOf(reply)).toBe('training-and-use-feed-each-other');
    const weekly = scheduledReply(
      { ...sub, kind: 'discuss' },
      'stage-goals-bring-results-and-revenue',
      corpus,
    );
    expect(weekly.kind === 'discussion' && weekly.quote.id).toBe('walking-on-two-legs');
  });
});

describe('every quote shows the line that sets it up', () => {
  it('the question, or the lead for intro quotes and quotes that need setup, discussions included', async () => {
    const intro = await bot.handle('/quote id right-time-place-core-competence', MANAGER);
    expect(intro.kind === 'quote' && intro.quote.lead?.en).toMatch(/LatePost's introduction/);
    expect(intro.kind === 'quote' && intro.quote.question).toBeUndefined();
    for (const q of corpus.quotes.filter((x) => x.prompt)) {
      const sub = { kind: 'discuss', lang: 'both' } as SubscriptionRecord;
      const reply = scheduledReply(sub, q.id, corpus);
      expect(reply.kind === 'discussion' && (reply.quote.lead ?? reply.quote.question), q.id).toBeTruthy();
    }
  });
});
