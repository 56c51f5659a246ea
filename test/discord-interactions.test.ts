import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCustomIdCodec } from '../adapters/discord/custom-id.js';
import { createFixtureBot, QUOTES, type FixtureBot } from './fakes/discord-bot.js';
import type { RecordedRequest } from './fakes/discord-fake.js';
import { startDiscordHarness, type DiscordHarness } from './fakes/discord-harness.js';
import { autocomplete, button, chatInput, IDS, str, sub } from './fakes/discord-interactions.js';

interface MessageData {
  flags?: number;
  embeds?: { description?: string }[];
  components?: { components: { label: string; custom_id: string }[] }[];
  choices?: { name: string; value: string }[];
}
const cbType = (r: RecordedRequest) => (r.body as { type: number }).type;
const dataOf = (r: RecordedRequest) =>
  (r.path.includes('/callback') ? (r.body as { data?: MessageData }).data : (r.body as MessageData)) ?? {};
const isEphemeral = (r: RecordedRequest) => ((dataOf(r).flags ?? 0) & MessageFlags.Ephemeral) !== 0;
const buttons = (r: RecordedRequest) => (dataOf(r).components ?? []).flatMap((row) => row.components);
const customId = (r: RecordedRequest, label: string): string => {
  const found = buttons(r).find((b) => b.label.includes(label));
  if (!found) throw new Error(`no ${label} button in ${JSON.stringify(buttons(r))}`);
  return found.custom_id;
};

describe('buttons and autocomplete', () => {
  let h: DiscordHarness;
  let bot: FixtureBot;
  beforeAll(async () => {
    bot = createFixtureBot();
    h = await startDiscordHarness(bot);
  });
  afterAll(async () => h.stop());
  afterEach(async () => {
    await h.settleAll();
    expect(h.fake.violations).toEqual([]);
  });
  const search = () => h.interact(chatInput('quote', [sub('search', [str('query', 'infrastructure')])]));

  it('"Another" under a private answer replaces it in place, keeping Share', async () => {
    const id = customId(await search(), 'Another');
    const cb = await h.interact(button(id, { ephemeral: true }));
    expect(cbType(cb)).toBe(InteractionResponseType.UpdateMessage);
    expect(bot.actions.at(-1)?.payload).toBe('n|1|infrastructure');
    expect(bot.actions.at(-1)?.ctx.channel).toBe(`discord:${IDS.guild}:${IDS.channel}`);
    expect(dataOf(cb).embeds?.[0]?.description).toContain(QUOTES[0]?.text);
    expect(buttons(cb).map((b) => b.label)).toContain('分享 · Share');
  });

  it('"Another" under a public message answers the presser privately', async () => {
    const id = customId(await search(), 'Another');
    const cb = await h.interact(button(id, { ephemeral: false }));
    expect(cbType(cb)).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(cb)).toBe(true);
  });

  it('"Another" that finds nothing more answers beside the quote instead of replacing it', async () => {
    const cb = await h.interact(button('mg:a:n|9|infrastructure', { ephemeral: true }));
    expect(cbType(cb)).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(cb)).toBe(true);
    expect(JSON.stringify(dataOf(cb).embeds)).toContain('No more matches');
  });

  it('"Share" posts the quote to the channel, without another Share button', async () => {
    const id = customId(await search(), 'Share');
    const cb = await h.interact(button(id, { ephemeral: true }));
    expect(bot.actions.at(-1)?.payload).toBe(`s|${QUOTES[1]?.id}`);
    expect(cbType(cb)).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(cb)).toBe(false);
    expect(buttons(cb).map((b) => b.label)).toEqual(['换一条 · Another', '上下文 · Context']);
    expect((cb.body as { data: { allowed_mentions: unknown } }).data.allowed_mentions).toEqual({ parse: [] });
  });

  it('"Context" answers privately with the whole answer', async () => {
    const id = customId(await search(), 'Context');
    const cb = await h.interact(button(id, { ephemeral: true }));
    expect(bot.actions.at(-1)?.payload).toBe(`c|${QUOTES[1]?.id}`);
    expect(isEphemeral(cb)).toBe(true);
    expect(JSON.stringify(dataOf(cb).embeds)).toContain('你为什么决定创业');
  });

  it('"Another prompt" under a discussion posts a new prompt with its thread', async () => {
    const first = await h.interact(chatInput('discuss'));
    const id = customId(first, 'Another prompt');
    const after = h.fake.requests.length;
    const cb = await h.interact(button(id, { ephemeral: false }));
    expect(isEphemeral(cb)).toBe(false);
    await h.fake.waitForRequest((r) => r.path.endsWith('/threads'), after);
  });

  it('a button the process no longer remembers says it has expired', async () => {
    const cb = await h.interact(button('mg:a~zz', { ephemeral: true }));
    expect(isEphemeral(cb)).toBe(true);
    expect(JSON.stringify(dataOf(cb).embeds)).toContain('expired');
    expect(bot.actions.filter((a) => a.payload === 'zz')).toEqual([]);
  });

  it('query autocomplete offers at most 25 quotes, names within 100 characters, values quote ids', async () => {
    const cb = await h.interact(autocomplete('quote', [sub('search', [str('query', 'many', true)])]));
    expect(cbType(cb)).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices = dataOf(cb).choices ?? [];
    expect(choices).toHaveLength(25);
    expect(choices.every((c) => c.name.length <= 100 && /^quote-\d+$/.test(c.value))).toBe(true);
    expect(bot.suggests.at(-1)).toEqual({ partial: 'many', limit: 25 });
  });

  it('query and context autocomplete search live as the user types', async () => {
    const q = await h.interact(autocomplete('quote', [sub('search', [str('query', 'imagina', true)])]));
    expect(dataOf(q).choices?.map((c) => c.value)).toEqual([QUOTES[0]?.id]);
    const c = await h.interact(autocomplete('quote', [sub('context', [str('id', '基础', true)])]));
    expect(dataOf(c).choices?.map((x) => x.value)).toEqual([QUOTES[1]?.id]);
  });

  it('timezone autocomplete filters IANA zones, with the default zone first when empty', async () => {
    const tz = (partial: string) =>
      h.interact(
        autocomplete('daily', [sub('set', [str('time', '09:00'), str('timezone', partial, true)])], {
          permissions: 16n,
        }),
      );
    const ny = dataOf(await tz('new_y')).choices ?? [];
    expect(ny[0]?.value).toBe('America/New_York');
    const sh = dataOf(await tz('北京')).choices ?? [];
    expect(sh[0]?.value).toBe('Asia/Shanghai');
    const empty = dataOf(await tz('')).choices ?? [];
    expect(empty[0]?.value).toBe(h.config.defaultTimeZone);
    const all = dataOf(await tz('a')).choices ?? [];
    expect(all).toHaveLength(25);
  });

  it('a failing bot gets an ephemeral apology, logged, with no stack trace and no token', async () => {
    bot.failNext(new Error('database exploded at /srv/secret.ts:42'));
    const interaction = chatInput('quote', [sub('random')]);
    const cb = await h.interact(interaction);
    expect(isEphemeral(cb)).toBe(true);
    const body = JSON.stringify(cb.body);
    expect(body).toContain('Sorry, something went wrong');
    expect(body).not.toContain('exploded');
    expect(body).not.toMatch(/\bat \//);
    await h.settled(interaction.id);
    expect(h.logs()).toContain('database exploded');
    expect(h.logs()).not.toContain(interaction.token);
  });
});

describe('slow answers', () => {
  let h: DiscordHarness;
  let bot: FixtureBot;
  beforeAll(async () => {
    bot = createFixtureBot();
    h = await startDiscordHarness(bot, { deferAfterMs: 20 });
  });
  afterAll(async () => h.stop());
  afterEach(async () => {
    await h.settleAll();
    expect(h.fake.violations).toEqual([]);
  });

  /** Holds the bot, dispatches, waits for the deferral, releases; resolves with the deferral. */
  async function deferred(interaction: Parameters<DiscordHarness['interact']>[0]) {
    const gate = bot.hold();
    const after = h.fake.requests.length;
    const defer = await h.interact(interaction);
    gate.release();
    return { defer, after };
  }

  it('are deferred privately, then the deferred reply is edited', async () => {
    const interaction = chatInput('quote', [sub('random')]);
    const { defer, after } = await deferred(interaction);
    expect(cbType(defer)).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    expect(isEphemeral(defer)).toBe(true);
    const edit = await h.fake.waitForRequest(
      (r) => r.method === 'PATCH' && r.path.includes(interaction.token),
      after,
    );
    expect(edit.path).toBe(`/webhooks/${IDS.app}/${interaction.token}/messages/@original`);
    expect(JSON.stringify(dataOf(edit).embeds)).toContain(QUOTES[0]?.text);
  });

  it('a slow discussion is deferred in public and its thread starts on the edited message', async () => {
    const interaction = chatInput('discuss');
    const { defer, after } = await deferred(interaction);
    expect(isEphemeral(defer)).toBe(false);
    await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(interaction.token), after);
    await h.fake.waitForRequest((r) => r.path.endsWith('/threads'), after);
  });

  it('a slow refusal deferred in public is replaced by a private answer', async () => {
    const interaction = chatInput('daily', [sub('set', [str('time', 'soon'), str('timezone', 'UTC')])], {
      permissions: 16n,
    });
    const { defer, after } = await deferred(interaction);
    expect(isEphemeral(defer)).toBe(false);
    await h.fake.waitForRequest(
      (r) => r.method === 'DELETE' && r.path.endsWith('/messages/@original'),
      after,
    );
    const follow = await h.fake.waitForRequest(
      (r) => r.method === 'POST' && r.path.startsWith('/webhooks/'),
      after,
    );
    expect(isEphemeral(follow)).toBe(true);
  });

  it('a slow "Another" defers the update and edits the message in place', async () => {
    const interaction = button('mg:a:r', { ephemeral: true });
    const { defer, after } = await deferred(interaction);
    expect(cbType(defer)).toBe(InteractionResponseType.DeferredMessageUpdate);
    await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith('/messages/@original'), after);
  });

  it('a failure after deferring apologises in a follow-up', async () => {
    const gate = bot.hold();
    bot.failNext(new Error('late failure'));
    const interaction = chatInput('quote', [sub('today')]);
    const after = h.fake.requests.length;
    await h.interact(interaction);
    gate.release();
    const follow = await h.fake.waitForRequest(
      (r) => r.method === 'POST' && r.path.startsWith('/webhooks/'),
      after,
    );
    expect(isEphemeral(follow)).toBe(true);
    expect(JSON.stringify(follow.body)).toContain('Sorry');
  });
});

describe('stopping', () => {
  it('lets an answer in progress finish before disconnecting', async () => {
    const bot = createFixtureBot();
    const h = await startDiscordHarness(bot, { deferAfterMs: 20 });
    try {
      const gate = bot.hold();
      const interaction = chatInput('quote', [sub('random')]);
      await h.interact(interaction); // the deferral
      const stopping = h.adapter.stop();
      expect(h.adapter.isReady()).toBe(false);
      gate.release();
      await stopping;
      expect(h.fake.requests.some((r) => r.method === 'PATCH' && r.path.includes(interaction.token))).toBe(
        true,
      );
      expect(h.fake.violations).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});

describe('long-payload custom ids across a restart', () => {
  const long = (tag: string) => `n|0|${tag}${'長'.repeat(120)}`;

  it('a button from before the restart decodes as expired, not as what the new process remembers', () => {
    const before = createCustomIdCodec();
    const old = before.encode({ kind: 'another', payload: long('old') });
    expect(old).toMatch(/^mg:a~/);
    expect(old.length).toBeLessThanOrEqual(100);
    const after = createCustomIdCodec(); // the restarted process
    const fresh = after.encode({ kind: 'another', payload: long('new') });
    expect(fresh).not.toBe(old);
    expect(after.decode(old)).toEqual({ status: 'expired', kind: 'another' });
    expect(after.decode(fresh)).toEqual({ status: 'ok', kind: 'another', payload: long('new') });
    expect(before.decode(old)).toEqual({ status: 'ok', kind: 'another', payload: long('old') });
  });
});
