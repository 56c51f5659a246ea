import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../adapters/slack/index.js';
import { loadConfig, type Config } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { startFakeSlack, type FakeSlack } from './fakes/slack-api.js';
import { buttonPressBody, eventBody, sendSigned, slashCommandBody } from './fakes/slack-requests.js';
import { createRealBot, createSpyBot, createSwitchableBot, FIXTURE_QUOTE } from './fakes/slack-bot.js';

const SECRET = 'test-signing-secret-1234';
const FORM = 'application/x-www-form-urlencoded';

let fake: FakeSlack;
let adapter: SlackAdapter;
let events: string;
const realBot = createRealBot();
const bot = createSwitchableBot(realBot);
let counter = 0;
const nextId = (): string => `r${++counter}`;

function testConfig(apiUrl: string): Config {
  const loaded = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token-123456',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: apiUrl,
    PORT: '0',
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  return loaded.value;
}

type Block = {
  type: string;
  text?: { text: string };
  elements?: { action_id?: string; value?: string; text?: string | { text: string } }[];
};
const blocksOf = (body: Record<string, unknown>): Block[] => (body.blocks ?? []) as Block[];
const allText = (body: Record<string, unknown>): string => JSON.stringify(body);
const buttons = (body: Record<string, unknown>): { action_id?: string; value?: string }[] =>
  blocksOf(body)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? []);
const responseFor = async (id: string): Promise<Record<string, unknown>> => {
  await expect.poll(() => fake.responses.filter((r) => r.id === id).length).toBe(1);
  return fake.responses.find((r) => r.id === id)?.body ?? {};
};

async function slash(
  text: string,
  extra: Partial<Parameters<typeof slashCommandBody>[0]> = {},
): Promise<Record<string, unknown>> {
  const id = nextId();
  const res = await sendSigned(
    events,
    slashCommandBody({ text, responseUrl: fake.responseUrl(id), ...extra }),
    FORM,
    { secret: SECRET },
  );
  expect(res.status).toBe(200);
  return responseFor(id);
}

async function press(
  actionId: string,
  value: string,
  extra: Partial<Parameters<typeof buttonPressBody>[0]> = {},
): Promise<string> {
  const id = nextId();
  const res = await sendSigned(
    events,
    buttonPressBody({ actionId, value, responseUrl: fake.responseUrl(id), ...extra }),
    FORM,
    {
      secret: SECRET,
    },
  );
  expect(res.status).toBe(200);
  return id;
}

beforeAll(async () => {
  fake = await startFakeSlack();
  adapter = createSlackAdapter(
    { config: testConfig(fake.apiUrl), logger: silentLogger },
    { host: '127.0.0.1' },
  );
  await adapter.start(bot);
  events = `http://127.0.0.1:${adapter.port()}/slack/events`;
});

afterAll(async () => {
  await adapter.stop();
  await fake.close();
});

// Nothing the adapter sent may be something Slack refuses (tokens, Block Kit limits, response_url uses, acks).
afterEach(() => {
  expect(fake.violations).toEqual([]);
});

afterEach(() => bot.use(realBot));

describe('/quote over signed HTTP (real Bolt receiver)', () => {
  it('starts in HTTP mode after checking the bot token with auth.test, and is ready', () => {
    expect(fake.callsOf('auth.test')[0]?.token).toBe('xoxb-test-token-123456');
    expect(adapter.isReady()).toBe(true);
    expect(adapter.port()).toBeGreaterThan(0);
  });

  it('answers /quote 贫穷 ephemerally with the quote, translation, attribution, source link and buttons', async () => {
    const posts = fake.callsOf('chat.postMessage').length;
    const body = await slash('贫穷');
    expect(body.response_type).toBe('ephemeral');
    const text = allText(body);
    expect(text).toContain('贫穷限制');
    expect(text).toContain('Poverty');
    expect(text).toContain('周明');
    expect(text).toContain('<https://www.zhjiashun.com/zjsb-12186.html|');
    const ids = buttons(body).map((b) => b.action_id);
    expect(ids).toEqual(expect.arrayContaining(['mingyan_share', 'mingyan_context', 'mingyan_another']));
    expect(typeof body.text).toBe('string');
    expect(fake.callsOf('chat.postMessage')).toHaveLength(posts); // ephemeral: nothing in the channel
  });

  it('rejects a bad signature with 401 and answers nothing', async () => {
    const id = nextId();
    const body = slashCommandBody({ text: '贫穷', responseUrl: fake.responseUrl(id) });
    const res = await sendSigned(events, body, FORM, { secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    await slash('help'); // a later good request is answered, so the bad one had its chance
    expect(fake.responses.filter((r) => r.id === id)).toHaveLength(0);
  });

  it('rejects a request signed more than five minutes ago with 401', async () => {
    const id = nextId();
    const body = slashCommandBody({ text: '贫穷', responseUrl: fake.responseUrl(id) });
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await sendSigned(events, body, FORM, { secret: SECRET, timestamp: old });
    expect(res.status).toBe(401);
    await slash('help');
    expect(fake.responses.filter((r) => r.id === id)).toHaveLength(0);
  });

  it('escapes <!channel>, links and @everyone from the query so nothing pings', async () => {
    bot.use(createSpyBot());
    const body = await slash('<!channel> @everyone <https://evil.example|docs> & more');
    const text = allText(body);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil');
    expect(text).not.toMatch(/@everyone/);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&amp; more');
  });

  it('answers an over-long query with a clear message, not a crash', async () => {
    const body = await slash('大模型'.repeat(400));
    const text = allText(body);
    expect(text).toMatch(/too long/);
    expect(text).toContain('500');
  });

  it('passes the channel address, user and DM flag to the bot', async () => {
    const spy = createSpyBot();
    bot.use(spy);
    await slash('topic agi', { teamId: 'T9', channelId: 'C42', userId: 'U7', userName: 'bo' });
    await slash('lang en', { teamId: 'T9', channelId: 'D77', channelName: 'directmessage' });
    expect(spy.seen[0]).toEqual({
      input: '/quote topic agi',
      ctx: { channel: 'slack:T9:C42', user: { id: 'U7', name: 'bo' }, canManage: true, isDirect: false },
    });
    expect(spy.seen[1]?.ctx).toMatchObject({ channel: 'slack:T9:D77', isDirect: true });
  });

  it('acks at once, before the bot has answered (Slack allows 3 s; an answer may take longer)', async () => {
    // The bot answers only after the test has seen the ack: acking after the answer can never succeed.
    let acked: () => void = () => undefined;
    const ackSeen = new Promise<void>((resolve) => (acked = resolve));
    bot.use(
      createSpyBot(
        async () => (await ackSeen, { kind: 'quote', quote: FIXTURE_QUOTE, lang: 'both', actions: [] }),
      ),
    );
    const id = nextId();
    const body = slashCommandBody({ text: '贫穷', responseUrl: fake.responseUrl(id) });
    // Released either way, so a failing run does not leave the bot hanging for the next test.
    const res = await sendSigned(events, body, FORM, { secret: SECRET }).finally(acked);
    expect(res.status).toBe(200);
    expect(fake.responses.filter((r) => r.id === id)).toEqual([]);
    expect(allText(await responseFor(id))).toContain('贫穷限制了我们的想象力');
  });

  it('apologises ephemerally when the bot throws', async () => {
    bot.use(createSpyBot(() => Promise.reject(new Error('boom at /secret/path'))));
    const body = await slash('贫穷');
    expect(body.response_type).toBe('ephemeral');
    expect(allText(body)).toContain('Something went wrong');
    expect(allText(body)).not.toContain('boom');
  });
});

describe('buttons (block_actions)', () => {
  it('"Share to channel" posts the quote in the channel, naming the sharer as plain text, and removes the ephemeral', async () => {
    fake.displayNames.set('U5', 'Ann <Lee>');
    const first = await slash('贫穷');
    const share = buttons(first).find((b) => b.action_id === 'mingyan_share');
    const before = fake.callsOf('chat.postMessage').length;
    const id = await press('mingyan_share', share?.value ?? '', { userId: 'U5', channelId: 'C1' });
    await expect.poll(() => fake.callsOf('chat.postMessage').length).toBe(before + 1);
    const post = fake.callsOf('chat.postMessage')[before]?.params ?? {};
    expect(post.channel).toBe('C1');
    expect(post.unfurl_links).toBe(false);
    const text = JSON.stringify(post.blocks);
    expect(text).toContain('Ann &lt;Lee&gt; 分享了一条名言');
    expect(text).not.toContain('<@U5>');
    expect(text).not.toContain('mingyan_share');
    expect(await responseFor(id)).toEqual({ delete_original: true });
  });

  it('"Another" replaces the ephemeral with the next match', async () => {
    const first = await slash('大模型');
    const another = buttons(first).find((b) => b.action_id === 'mingyan_another');
    expect(another).toBeDefined();
    const body = await responseFor(await press('mingyan_another', another?.value ?? ''));
    expect(body.replace_original).toBe(true);
    expect(blocksOf(body)[0]?.text?.text).not.toEqual(blocksOf(first)[0]?.text?.text);
  });

  it('"Context" shows the question and the whole answer within Slack limits', async () => {
    const first = await slash('贫穷');
    const context = buttons(first).find((b) => b.action_id === 'mingyan_context');
    const body = await responseFor(await press('mingyan_context', context?.value ?? ''));
    expect(body.replace_original).toBe(true);
    const blocks = blocksOf(body);
    // The editor's lead when the quote has one (the headline quote does), else the question.
    expect(blocks[0]?.text?.text).toMatch(/^\*(问 Q:\*|《晚点 LatePost》)/);
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) expect((b.text?.text ?? '').length).toBeLessThanOrEqual(3000);
  });

  it('a button on a public message answers the presser privately instead of replacing the post', async () => {
    const first = await slash('贫穷');
    const context = buttons(first).find((b) => b.action_id === 'mingyan_context');
    const body = await responseFor(
      await press('mingyan_context', context?.value ?? '', { ephemeral: false }),
    );
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
  });

  it('tells the presser to invite the bot when sharing fails with not_in_channel', async () => {
    const first = await slash('贫穷', { channelId: 'G55' });
    const share = buttons(first).find((b) => b.action_id === 'mingyan_share');
    fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    const body = await responseFor(await press('mingyan_share', share?.value ?? '', { channelId: 'G55' }));
    expect(body.replace_original).toBe(false);
    expect(allText(body)).toContain('/invite @mingyan');
  });

  it('a double click on "Share to channel" posts once', async () => {
    const first = await slash('贫穷');
    const share = buttons(first).find((b) => b.action_id === 'mingyan_share');
    const context = buttons(first).find((b) => b.action_id === 'mingyan_context');
    const before = fake.callsOf('chat.postMessage').length;
    const who = { userId: 'U61', channelId: 'C61' };
    const one = await press('mingyan_share', share?.value ?? '', who);
    const two = await press('mingyan_share', share?.value ?? '', who);
    expect(await responseFor(one)).toEqual({ delete_original: true });
    // A later press is answered, so the repeat had every chance to post.
    await responseFor(await press('mingyan_context', context?.value ?? '', who));
    expect(fake.callsOf('chat.postMessage').length).toBe(before + 1);
    expect(fake.responses.filter((r) => r.id === two)).toEqual([]);
    // Someone else sharing the same message is not a double click.
    await responseFor(await press('mingyan_share', share?.value ?? '', { ...who, userId: 'U62' }));
    expect(fake.callsOf('chat.postMessage').length).toBe(before + 2);
  });

  it('a share that failed can be pressed again at once (after inviting the bot)', async () => {
    const first = await slash('贫穷', { channelId: 'G63' });
    const share = buttons(first).find((b) => b.action_id === 'mingyan_share');
    const who = { userId: 'U63', channelId: 'G63' };
    fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    expect(allText(await responseFor(await press('mingyan_share', share?.value ?? '', who)))).toContain(
      '/invite @mingyan',
    );
    const before = fake.callsOf('chat.postMessage').length;
    expect(await responseFor(await press('mingyan_share', share?.value ?? '', who))).toEqual({
      delete_original: true,
    });
    expect(fake.callsOf('chat.postMessage').length).toBe(before + 1);
  });

  it('a stale or foreign payload gets a polite notice', async () => {
    const body = await responseFor(await press('mingyan_another', 'garbage|||'));
    expect(allText(body)).toMatch(/expired/);
  });
});

describe('mentions and App Home (Events API)', () => {
  const mention = (eventId: string, text: string, ts: string): string =>
    eventBody({ type: 'app_mention', user: 'U1', text, ts, channel: 'C1', event_ts: ts }, eventId);

  it('answers @mingyan <query> in a thread, once, even when Slack retries or redelivers the event', async () => {
    const before = fake.callsOf('chat.postMessage').length;
    const body = mention('Ev1', '<@UBOT> 贫穷', '1700000100.000001');
    expect((await sendSigned(events, body, 'application/json', { secret: SECRET })).status).toBe(200);
    await expect.poll(() => fake.callsOf('chat.postMessage').length).toBe(before + 1);
    const post = fake.callsOf('chat.postMessage')[before]?.params ?? {};
    expect(post).toMatchObject({ channel: 'C1', thread_ts: '1700000100.000001', unfurl_links: false });
    expect(JSON.stringify(post.blocks)).toContain('贫穷限制');

    const retry = { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' };
    expect(
      (await sendSigned(events, body, 'application/json', { secret: SECRET, headers: retry })).status,
    ).toBe(200);
    expect((await sendSigned(events, body, 'application/json', { secret: SECRET })).status).toBe(200);
    // A later, different mention is answered: the two duplicates above had every chance to post.
    await sendSigned(events, mention('Ev2', '<@UBOT> 2B', '1700000200.000001'), 'application/json', {
      secret: SECRET,
    });
    await expect.poll(() => fake.callsOf('chat.postMessage').length).toBe(before + 2);
    expect(fake.callsOf('chat.postMessage')[before + 1]?.params.thread_ts).toBe('1700000200.000001');
  });

  it('ignores a retry of an event this process never saw (the first delivery went elsewhere)', async () => {
    const before = fake.callsOf('chat.postMessage').length;
    // Retry number 1 is the first retry: it is dropped like any later one.
    const retry = { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' };
    const body = mention('EvR', '<@UBOT> 贫穷', '1700000400.000001');
    expect(
      (await sendSigned(events, body, 'application/json', { secret: SECRET, headers: retry })).status,
    ).toBe(200);
    await sendSigned(events, mention('EvR2', '<@UBOT> 2B', '1700000500.000001'), 'application/json', {
      secret: SECRET,
    });
    await expect.poll(() => fake.callsOf('chat.postMessage').length).toBe(before + 1);
    expect(fake.callsOf('chat.postMessage')[before]?.params.thread_ts).toBe('1700000500.000001');
  });

  it('unescapes the mention text Slack sends escaped before the bot searches and echoes it', async () => {
    const spy = createSpyBot();
    bot.use(spy);
    const before = fake.callsOf('chat.postMessage').length;
    const body = mention('EvEsc', '<@UBOT> &lt;AI&gt; &amp; 大模型 &amp;lt;', '1700000600.000001');
    await sendSigned(events, body, 'application/json', { secret: SECRET });
    await expect.poll(() => fake.callsOf('chat.postMessage').length).toBe(before + 1);
    expect(spy.seen[0]?.input).toBe('/quote <AI> & 大模型 &lt;');
    // Echoed once more escaped for Slack, not twice: no "&amp;lt;" for a typed "<".
    const echoed = JSON.stringify(fake.callsOf('chat.postMessage')[before]?.params.blocks);
    expect(echoed).toContain('&lt;AI&gt; &amp; 大模型');
    expect(echoed).not.toContain('&amp;lt;AI');
  });

  it('replies inside the existing thread when mentioned in one', async () => {
    const before = fake.callsOf('chat.postMessage').length;
    const body = eventBody(
      {
        type: 'app_mention',
        user: 'U1',
        text: '<@UBOT> 人才',
        ts: '1700000300.000009',
        thread_ts: '1700000300.000001',
        channel: 'C1',
      },
      'Ev3',
    );
    await sendSigned(events, body, 'application/json', { secret: SECRET });
    await expect.poll(() => fake.callsOf('chat.postMessage').length).toBe(before + 1);
    expect(fake.callsOf('chat.postMessage')[before]?.params.thread_ts).toBe('1700000300.000001');
  });

  it("publishes App Home with today's quote and how to use the bot", async () => {
    const before = fake.callsOf('views.publish').length;
    const body = eventBody(
      { type: 'app_home_opened', user: 'U3', channel: 'D3', tab: 'home', event_ts: '1.2' },
      'Ev4',
    );
    await sendSigned(events, body, 'application/json', { secret: SECRET });
    // Find U3's publish by user: another test's App Home publish may still land after `before` was counted.
    const mine = () => fake.callsOf('views.publish').slice(before).filter((c) => c.params.user_id === 'U3');
    await expect.poll(() => mine().length).toBe(1);
    const params = mine()[0]?.params ?? {};
    const view = params.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('今日名言');
    expect(text).toContain('周明');
    expect(text).toContain('/quote topic');
    expect(text).not.toContain('"actions"');
  });

  it('gives each user their own home address', async () => {
    const spy = createSpyBot(() => ({ kind: 'quote', quote: FIXTURE_QUOTE, lang: 'both', actions: [] }));
    bot.use(spy);
    const body = eventBody(
      { type: 'app_home_opened', user: 'U8', channel: 'D8', tab: 'home', event_ts: '1.3' },
      'Ev5',
    );
    await sendSigned(events, body, 'application/json', { secret: SECRET });
    await expect.poll(() => spy.seen.length).toBe(2);
    expect(spy.seen[0]).toMatchObject({ input: '{"name":"today"}', ctx: { channel: 'slack:T1:home:U8' } });
  });
});
