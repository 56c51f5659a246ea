import { InteractionResponseType } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import type { Reply } from '../src/bot/reply.js';
import { createFixtureBot, QUOTES } from './fakes/discord-bot.js';
import { startFakeDiscord, type FakeDiscord, type RecordedRequest } from './fakes/discord-fake.js';
import { startDiscordHarness, TEST_TOKEN, type DiscordHarness } from './fakes/discord-harness.js';
import { chatInput, IDS, sub } from './fakes/discord-interactions.js';

// Discord's rules that the fake enforces, and the adapter living by them: the 3-second answer, one initial
// callback, rate limits that last, nonce de-duplication, and the gateway's own requests (op 1, 7 and 9).

const cbType = (r: RecordedRequest) => (r.body as { type: number }).type;
const address = `discord:${IDS.guild}:${IDS.channel}`;
const quoteReply: Reply = { kind: 'quote', quote: QUOTES[0]!, lang: 'both', actions: [] };

let h: DiscordHarness | undefined;
let fake: FakeDiscord | undefined;
afterEach(async () => {
  await h?.stop();
  await fake?.close();
  h = undefined;
  fake = undefined;
});

describe('the 3-second answer', () => {
  it('defers a slow answer in time with the production default (an answer later than 3 s would be refused)', async () => {
    const bot = createFixtureBot();
    h = await startDiscordHarness(bot, { productionDefer: true });
    const gate = bot.hold();
    const interaction = chatInput('quote', [sub('random')]);
    // The bot answers only once the interaction was deferred; a deferral after 3 s is refused with 10062.
    const first = await h.interact(interaction).finally(() => gate.release());
    expect(cbType(first)).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token));
    await h.settled(interaction.id);
    expect(h.fake.violations).toEqual([]);
  });
});

describe('the fake is as strict as Discord', () => {
  const callback = (f: FakeDiscord, id: string, token: string) =>
    fetch(`${f.apiUrl}/v10/interactions/${id}/${token}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content: 'hi' } }),
    });

  it('accepts one initial callback per interaction; a second one is 40060', async () => {
    fake = await startFakeDiscord({ token: TEST_TOKEN, applicationId: IDS.app });
    const interaction = chatInput('quote', [sub('random')]);
    fake.dispatchInteraction(interaction);
    expect((await callback(fake, interaction.id, interaction.token)).status).toBe(204);
    const second = await callback(fake, interaction.id, interaction.token);
    expect(second.status).toBe(400);
    expect(await second.json()).toMatchObject({ code: 40060 });
    expect(fake.violations.map((v) => v.errors[0])).toEqual(['a second initial callback (40060)']);
  });

  it('answers 10062 for an unknown interaction, a wrong token, and one past its deadline', async () => {
    fake = await startFakeDiscord({ token: TEST_TOKEN, applicationId: IDS.app, interactionDeadlineMs: 30 });
    const interaction = chatInput('quote', [sub('random')]);
    fake.dispatchInteraction(interaction);
    // waitForCallback rejects when the deadline passes unanswered, as the user then sees an error.
    await expect(fake.waitForCallback(interaction.id)).rejects.toThrow(/no initial callback within 30 ms/);
    expect(await (await callback(fake, '42', interaction.token)).json()).toMatchObject({ code: 10062 });
    expect(await (await callback(fake, interaction.id, 'wrong')).json()).toMatchObject({ code: 10062 });
    const late = await callback(fake, interaction.id, interaction.token);
    expect(late.status).toBe(404);
    expect(await late.json()).toMatchObject({ code: 10062 });
  });

  it('refuses webhook edits before the initial callback and for unknown tokens', async () => {
    fake = await startFakeDiscord({ token: TEST_TOKEN, applicationId: IDS.app });
    const interaction = chatInput('quote', [sub('random')]);
    fake.dispatchInteraction(interaction);
    const edit = (token: string) =>
      fetch(`${fake?.apiUrl}/v10/webhooks/${IDS.app}/${token}/messages/@original`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'x' }),
      });
    expect(await (await edit(interaction.token)).json()).toMatchObject({ code: 10008 });
    expect(await (await edit('nobody')).json()).toMatchObject({ code: 10015 });
    await callback(fake, interaction.id, interaction.token);
    expect((await edit(interaction.token)).status).toBe(200);
  });
});

describe('rate limits and nonces (scheduled posts)', () => {
  it('waits out a 429 for its whole retry_after, reading the X-RateLimit headers, then posts once', async () => {
    h = await startDiscordHarness(createFixtureBot(), { maxRateLimitWaitMs: 5_000 });
    h.fake.rateLimit('POST', /\/messages$/, { retryAfter: 0.3 });
    const result = await h.adapter.post(address, quoteReply);
    expect(result.ok).toBe(true);
    // One 429, and no request inside the window (the fake answers those 429 again and records a violation).
    expect(h.fake.rateLimited).toEqual([{ path: `/channels/${IDS.channel}/messages`, early: false }]);
    expect(h.fake.created.get(IDS.channel)).toHaveLength(1);
    expect(h.fake.violations).toEqual([]);
  });

  it('a long global rate limit fails the post as transient with the wait, sending nothing more', async () => {
    h = await startDiscordHarness(createFixtureBot(), { maxRateLimitWaitMs: 1_000 });
    h.fake.rateLimit('POST', /\/messages$/, { retryAfter: 120, scope: 'global' });
    const result = await h.adapter.post(address, quoteReply);
    expect(result).toMatchObject({ ok: false, error: { kind: 'transient' } });
    if (!result.ok) expect(result.error.retryAfterMs).toBeGreaterThanOrEqual(100_000);
    expect(h.fake.rateLimited).toHaveLength(1);
    expect(h.fake.created.get(IDS.channel)).toBeUndefined();
  });

  it('a post whose answer was lost is made once: the retry carries the same nonce and gets the same message', async () => {
    h = await startDiscordHarness(createFixtureBot());
    // The first attempt creates the message, but a proxy answers 502; @discordjs/rest retries.
    h.fake.fail('POST', /\/messages$/, {
      status: 502,
      body: { message: 'Bad Gateway', code: 0 },
      afterEffect: true,
    });
    const result = await h.adapter.post(address, quoteReply, { idempotencyKey: 'mg-lost-answer' });
    const made = h.fake.created.get(IDS.channel) ?? [];
    expect(made).toHaveLength(1);
    expect(result).toEqual({ ok: true, value: { messageId: made[0]?.id } });
    // The scheduler's next attempt with the same key is the same message too.
    expect(await h.adapter.post(address, quoteReply, { idempotencyKey: 'mg-lost-answer' })).toEqual(result);
    expect(h.fake.created.get(IDS.channel)).toHaveLength(1);
  });
});

describe('the gateway asks', () => {
  it('for a heartbeat now (op 1): the client sends one at once', async () => {
    h = await startDiscordHarness(createFixtureBot());
    const before = h.fake.heartbeats;
    h.fake.requestHeartbeat();
    await expect.poll(() => h?.fake.heartbeats).toBeGreaterThan(before);
  });

  it('to reconnect (op 7): not ready while away, ready again after resuming the same session', async () => {
    const bot = createFixtureBot();
    h = await startDiscordHarness(bot);
    expect(h.adapter.isReady()).toBe(true);
    const hold = h.fake.holdHello();
    h.fake.requestReconnect();
    // Released either way, or a failing check would leave the client waiting for HELLO at tear-down.
    await expect
      .poll(() => h?.adapter.isReady())
      .toBe(false)
      .finally(() => hold.release());
    await expect.poll(() => h?.adapter.isReady()).toBe(true);
    expect(h.fake.resumes).toBe(1);
    expect(h.fake.identifies).toHaveLength(1);
    // And it still answers.
    const cb = await h.interact(chatInput('quote', [sub('random')]));
    expect(cbType(cb)).toBe(InteractionResponseType.ChannelMessageWithSource);
  });

  it('to resume after an invalid session (op 9, resumable): not ready meanwhile, then ready', async () => {
    h = await startDiscordHarness(createFixtureBot());
    h.fake.invalidateSession(true);
    await expect.poll(() => h?.fake.resumes).toBe(1);
    await expect.poll(() => h?.adapter.isReady()).toBe(true);
    expect(h.fake.identifies).toHaveLength(1);
  });

  it('to identify again after an invalid session (op 9, not resumable)', async () => {
    h = await startDiscordHarness(createFixtureBot());
    const hold = h.fake.holdHello();
    h.fake.invalidateSession(false);
    await expect
      .poll(() => h?.adapter.isReady())
      .toBe(false)
      .finally(() => hold.release());
    // discord.js waits out Discord's identify rate limit (5 s per identify) first.
    await expect.poll(() => h?.fake.identifies.length, { timeout: 10_000 }).toBe(2);
    await expect.poll(() => h?.adapter.isReady(), { timeout: 5_000 }).toBe(true);
    expect(h.fake.resumes).toBe(0);
  });
});
