import {
  ChannelType,
  GatewayIntentBits,
  InteractionResponseType,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureBot, QUOTES, type FixtureBot } from './fakes/discord-bot.js';
import { startDiscordHarness, type DiscordHarness } from './fakes/discord-harness.js';
import { chatInput, IDS, MANAGER, str, sub } from './fakes/discord-interactions.js';
import type { RecordedRequest } from './fakes/discord-fake.js';

interface CallbackBody {
  type: number;
  data?: {
    flags?: number;
    content?: string;
    embeds?: {
      title?: string;
      description?: string;
      fields?: { name: string; value: string }[];
      footer?: { text: string };
    }[];
    components?: { components: { label: string; custom_id: string }[] }[];
    allowed_mentions?: unknown;
  };
}
const bodyOf = (r: RecordedRequest) => r.body as CallbackBody;
const isEphemeral = (r: RecordedRequest) => ((bodyOf(r).data?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
const labels = (r: RecordedRequest) =>
  (bodyOf(r).data?.components ?? []).flatMap((row) => row.components.map((c) => c.label));
const text = (r: RecordedRequest) => JSON.stringify(bodyOf(r).data?.embeds ?? []);

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

const lastRun = () => bot.runs[bot.runs.length - 1];

describe('connecting', () => {
  it('identifies with the Guilds intent only and is ready', () => {
    expect(h.fake.identifies).toHaveLength(1);
    expect(h.fake.identifies[0]?.intents).toBe(GatewayIntentBits.Guilds);
    expect(h.adapter.isReady()).toBe(true);
  });
});

describe('/quote', () => {
  it('search answers privately with the match, its translation, question, attribution and buttons', async () => {
    const cb = await h.interact(chatInput('quote', [sub('search', [str('query', '基础设施')])]));
    expect(bodyOf(cb).type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(isEphemeral(cb)).toBe(true);
    expect(cb.authorization).toBeUndefined(); // interaction callbacks are not sent with the bot token
    expect(lastRun()?.command).toEqual({ name: 'search', query: '基础设施' });
    expect(lastRun()?.ctx).toEqual({
      channel: `discord:${IDS.guild}:${IDS.channel}`,
      user: { id: IDS.user, name: 'Ada' },
      canManage: false,
      isDirect: false,
    });
    const [embed] = bodyOf(cb).data?.embeds ?? [];
    expect(embed?.description).toContain(QUOTES[1]?.text);
    expect(embed?.description).toContain(QUOTES[1]?.en);
    expect(embed?.fields?.[0]?.name).toBe('问题 · Question');
    expect(embed?.footer?.text).toContain('周明 Zhou Ming · 晚点 LatePost · 2023-04');
    expect(labels(cb)).toEqual(['换一条 · Another', '分享 · Share', '上下文 · Context']);
    expect(bodyOf(cb).data?.allowed_mentions).toEqual({ parse: [] });
  });

  it('search with a picked autocomplete choice (a quote id) shows exactly that quote', async () => {
    const id = QUOTES[0]?.id ?? '';
    const cb = await h.interact(chatInput('quote', [sub('search', [str('query', id)])]));
    expect(lastRun()?.command).toEqual({ name: 'id', id });
    expect(text(cb)).toContain(QUOTES[0]?.text);
  });

  it('search with @everyone answers without pinging anyone', async () => {
    const cb = await h.interact(
      chatInput('quote', [sub('search', [str('query', '@everyone nothing here')])]),
    );
    expect(bodyOf(cb).data?.allowed_mentions).toEqual({ parse: [] });
    expect(bodyOf(cb).data?.content).toBeUndefined();
    expect(text(cb)).toContain('@everyone nothing here');
    expect(isEphemeral(cb)).toBe(true);
  });

  it('random, today and topic map to the bot commands and answer privately', async () => {
    for (const [interaction, command] of [
      [chatInput('quote', [sub('random')]), { name: 'random' }],
      [chatInput('quote', [sub('today')]), { name: 'today' }],
      [chatInput('quote', [sub('topic', [str('topic', 'agi')])]), { name: 'topic', topic: 'agi' }],
    ] as const) {
      const cb = await h.interact(interaction);
      expect(lastRun()?.command).toEqual(command);
      expect(isEphemeral(cb)).toBe(true);
      expect(labels(cb)).toContain('分享 · Share');
    }
  });

  it('context shows the question and the whole answer with the quote highlighted', async () => {
    const cb = await h.interact(chatInput('quote', [sub('context', [str('id', QUOTES[1]?.id ?? '')])]));
    expect(lastRun()?.command).toEqual({ name: 'context', id: QUOTES[1]?.id });
    const [embed] = bodyOf(cb).data?.embeds ?? [];
    expect(embed?.fields?.[0]?.value).toContain('你为什么决定创业?');
    expect(embed?.description).toContain(`**${QUOTES[1]?.text}**`);
  });

  it('context with words instead of an id looks the words up first', async () => {
    await h.interact(chatInput('quote', [sub('context', [str('id', 'Poverty')])]));
    expect(lastRun()?.command).toEqual({ name: 'context', id: QUOTES[0]?.id });
  });

  it('a long context answer is split into follow-ups within Discord limits', async () => {
    const interaction = chatInput('quote', [sub('context', [str('id', 'long-answer')])]);
    const after = h.fake.requests.length;
    await h.interact(interaction);
    await h.settled(interaction.id);
    const sent = h.fake.requests.slice(after).filter((r) => r.path.includes(interaction.token));
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.slice(1).every((r) => r.method === 'POST' && r.path.startsWith('/webhooks/'))).toBe(true);
    const bodies = sent.map((r) =>
      r.path.includes('/callback') ? bodyOf(r).data : (r.body as CallbackBody['data']),
    );
    const all = bodies
      .flatMap((b) => b?.embeds ?? [])
      .map((e) => e.description ?? '')
      .join('');
    expect(all).toContain('第1段。');
    expect(all).toContain('第14段。');
  });
});

describe('/discuss', () => {
  it('posts the prompt publicly and starts a thread on the message', async () => {
    const interaction = chatInput('discuss', [str('topic', 'agi')]);
    const cb = await h.interact(interaction);
    expect(lastRun()?.command).toEqual({ name: 'discuss', query: 'agi' });
    expect(isEphemeral(cb)).toBe(false);
    expect(labels(cb)).not.toContain('分享 · Share');
    expect(text(cb)).toContain('讨论 · For discussion');
    expect(cb.query.get('with_response')).toBe('true');
    const thread = await h.fake.waitForRequest((r) =>
      /^\/channels\/\d+\/messages\/\d+\/threads$/.test(r.path),
    );
    expect(thread.path.startsWith(`/channels/${IDS.channel}/messages/`)).toBe(true);
    expect((thread.body as { name: string }).name).toContain('如果大模型成为基础设施');
    expect(thread.authorization).toMatch(/^Bot /);
  });

  it('without a topic asks for any prompt', async () => {
    await h.interact(chatInput('discuss'));
    expect(lastRun()?.command).toEqual({ name: 'discuss' });
  });

  it('in a DM posts the prompt without a thread', async () => {
    const interaction = chatInput('discuss', [], { dm: true });
    const after = h.fake.requests.length;
    const cb = await h.interact(interaction);
    await h.settled(interaction.id);
    expect(isEphemeral(cb)).toBe(false);
    expect(lastRun()?.ctx).toMatchObject({
      channel: `discord:dm:${IDS.dm}`,
      isDirect: true,
      canManage: false,
    });
    expect(h.fake.requests.slice(after).some((r) => r.path.includes('/threads'))).toBe(false);
  });

  it('inside a thread posts the prompt without trying to nest a thread', async () => {
    const interaction = chatInput('discuss', [], { channelType: ChannelType.PublicThread });
    const after = h.fake.requests.length;
    const cb = await h.interact(interaction);
    await h.settled(interaction.id);
    expect(isEphemeral(cb)).toBe(false);
    expect(h.fake.requests.slice(after).some((r) => r.path.includes('/threads'))).toBe(false);
  });

  it('says so privately when the thread cannot be started', async () => {
    h.fake.fail('POST', /\/threads$/, { status: 403, body: { message: 'Missing Permissions', code: 50013 } });
    const interaction = chatInput('discuss');
    const after = h.fake.requests.length;
    await h.interact(interaction);
    const notice = await h.fake.waitForRequest(
      (r) => r.path.startsWith(`/webhooks/${IDS.app}/${interaction.token}`),
      after,
    );
    expect(((notice.body as { flags?: number }).flags ?? 0) & MessageFlags.Ephemeral).toBeTruthy();
    expect(JSON.stringify(notice.body)).toContain('Create Public Threads');
    await h.settled(interaction.id);
    expect(h.logs()).toContain('could not start a discussion thread');
  });
});

describe('/daily', () => {
  const manager = { permissions: MANAGER };

  it('set subscribes the channel for a member with Manage Channels, in public', async () => {
    const cb = await h.interact(
      chatInput(
        'daily',
        [sub('set', [str('time', '09:00'), str('timezone', 'Europe/London'), str('language', 'en')])],
        manager,
      ),
    );
    expect(lastRun()?.command).toEqual({
      name: 'subscribe',
      kind: 'daily',
      time: '09:00',
      timezone: 'Europe/London',
      lang: 'en',
    });
    expect(lastRun()?.ctx.canManage).toBe(true);
    expect(isEphemeral(cb)).toBe(false);
  });

  it('a refusal from the bot (bad time) is shown only to the member', async () => {
    const cb = await h.interact(
      chatInput('daily', [sub('set', [str('time', '9h'), str('timezone', 'UTC')])], manager),
    );
    expect(isEphemeral(cb)).toBe(true);
    expect(text(cb)).toContain('HH:MM');
  });

  it('refuses members without Manage Channels before asking the bot', async () => {
    const runs = bot.runs.length;
    const cb = await h.interact(
      chatInput('daily', [sub('set', [str('time', '09:00'), str('timezone', 'UTC')])]),
    );
    expect(bot.runs.length).toBe(runs);
    expect(isEphemeral(cb)).toBe(true);
    expect(text(cb)).toContain('Manage Channels');
    const stop = await h.interact(
      chatInput('daily', [sub('stop')], {
        permissions: PermissionFlagsBits.Administrator ^ PermissionFlagsBits.Administrator,
      }),
    );
    expect(isEphemeral(stop)).toBe(true);
    expect(bot.runs.length).toBe(runs);
  });

  it('explains in a DM that subscriptions are per server channel', async () => {
    const runs = bot.runs.length;
    for (const name of ['set', 'stop', 'status']) {
      const options = name === 'set' ? [str('time', '09:00'), str('timezone', 'UTC')] : [];
      const cb = await h.interact(chatInput('daily', [sub(name, options)], { dm: true }));
      expect(isEphemeral(cb)).toBe(true);
      expect(text(cb)).toContain('per server channel');
    }
    expect(bot.runs.length).toBe(runs);
  });

  it('stop unsubscribes; status lists subscriptions with the pause reason', async () => {
    await h.interact(chatInput('daily', [sub('stop')], manager));
    expect(lastRun()?.command).toEqual({ name: 'unsubscribe', kind: 'daily' });
    const cb = await h.interact(chatInput('daily', [sub('status')]));
    expect(lastRun()?.command).toEqual({ name: 'status' });
    expect(isEphemeral(cb)).toBe(true);
    expect(text(cb)).toContain('discord 403 Missing Access (50001)');
    expect(text(cb)).toContain('<t:1767315600:F>');
  });
});

describe('/help', () => {
  it('lists the Discord commands, in the user locale, without asking the bot', async () => {
    const runs = bot.runs.length;
    const cb = await h.interact(chatInput('help', [], { locale: 'zh-CN' }));
    expect(bot.runs.length).toBe(runs);
    expect(isEphemeral(cb)).toBe(true);
    const t = text(cb);
    for (const usage of [
      '/quote search',
      '/quote random',
      '/quote today',
      '/quote topic',
      '/quote context',
      '/discuss',
      '/daily set',
      '/daily stop',
      '/daily status',
      '/help',
    ])
      expect(t).toContain(usage);
    expect(t).toContain('边输入边提示');
    expect(t).not.toContain('Search as you type');
  });
});
