import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../adapters/slack/index.js';
import { loadConfig, type Config } from '../src/config.js';
import { silentLogger } from '../src/log.js';
import { startFakeSlack, type FakeSlack } from './fakes/slack-api.js';
import { createRealBot } from './fakes/slack-bot.js';

const APP_TOKEN = 'xapp-1-A1-socket-test';
let fake: FakeSlack;
let adapter: SlackAdapter;

const config = (apiUrl: string, appToken = APP_TOKEN): Config => {
  const loaded = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-socket-test-1',
    SLACK_APP_TOKEN: appToken,
    SLACK_API_URL: apiUrl,
  });
  if (!loaded.ok) throw new Error('bad test config');
  return loaded.value;
};

const commandPayload = (text: string, responseId: string): Record<string, string> => ({
  token: 'legacy',
  team_id: 'T1',
  team_domain: 'test',
  channel_id: 'C1',
  channel_name: 'general',
  user_id: 'U1',
  user_name: 'ann',
  command: '/quote',
  text,
  api_app_id: 'A1',
  is_enterprise_install: 'false',
  response_url: fake.responseUrl(responseId),
  trigger_id: '1.2.3',
});

const mentionEnvelope = (envelopeId: string, eventId: string, retry: number): Record<string, unknown> => ({
  envelope_id: envelopeId,
  type: 'events_api',
  accepts_response_payload: false,
  retry_attempt: retry,
  retry_reason: retry ? 'timeout' : '',
  payload: {
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: 1,
    event: {
      type: 'app_mention',
      user: 'U1',
      text: '<@UBOT> 2B',
      ts: `1700000000.${envelopeId.replace(/\D/g, '')}`,
      channel: 'C1',
    },
  },
});

beforeAll(async () => {
  fake = await startFakeSlack();
  adapter = createSlackAdapter({ config: config(fake.apiUrl), logger: silentLogger });
  await adapter.start(createRealBot());
});

afterAll(async () => {
  await adapter.stop();
  await fake.close();
});

// Nothing the adapter sent may be something Slack refuses (tokens, Block Kit limits, response_url uses, acks).
afterEach(() => {
  expect(fake.violations).toEqual([]);
});

describe('Socket Mode against a loopback WebSocket', () => {
  it('opens the connection with the app token and is ready after hello', async () => {
    // Other tests here open connections with other tokens: this adapter opened exactly one, with its token.
    const open = fake.callsOf('apps.connections.open').filter((c) => c.token === APP_TOKEN);
    expect(open).toHaveLength(1);
    expect(adapter.isReady()).toBe(true);
    expect(adapter.port()).toBeUndefined();
  });

  it('acks a slash_commands envelope with its envelope_id, then answers ephemerally', async () => {
    fake.sendEnvelope({
      envelope_id: 'env-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: commandPayload('贫穷', 's1'),
    });
    await expect.poll(() => fake.socketFrames.some((f) => f.envelope_id === 'env-1')).toBe(true);
    await expect.poll(() => fake.responses.filter((r) => r.id === 's1').length).toBe(1);
    const body = fake.responses.find((r) => r.id === 's1')?.body ?? {};
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body.blocks)).toContain('贫穷限制');
  });

  it('answers a mention once: a retry_attempt and a redelivered event id are acked but not answered', async () => {
    const before = fake.callsOf('chat.postMessage').length;
    fake.sendEnvelope(mentionEnvelope('env-2', 'EvS1', 0));
    await expect.poll(() => fake.callsOf('chat.postMessage').length).toBe(before + 1);
    fake.sendEnvelope(mentionEnvelope('env-3', 'EvS1', 1));
    fake.sendEnvelope(mentionEnvelope('env-4', 'EvS1', 0));
    await expect
      .poll(() => ['env-3', 'env-4'].every((id) => fake.socketFrames.some((f) => f.envelope_id === id)))
      .toBe(true);
    fake.sendEnvelope(mentionEnvelope('env-5', 'EvS2', 0));
    await expect.poll(() => fake.callsOf('chat.postMessage').length).toBe(before + 2);
    const threads = fake
      .callsOf('chat.postMessage')
      .slice(before)
      .map((c) => c.params.thread_ts);
    expect(threads).toEqual(['1700000000.2', '1700000000.5']);
  });

  it('start() names SLACK_APP_TOKEN when Slack rejects it, without printing it', async () => {
    const rejected = 'xapp-1-A1-revoked-token';
    fake.rejectedTokens.add(rejected);
    const other = createSlackAdapter({ config: config(fake.apiUrl, rejected), logger: silentLogger });
    const failure = other.start(createRealBot());
    await expect(failure).rejects.toThrow(/^SLACK_APP_TOKEN was rejected by Slack \(invalid_auth\)/);
    await expect(failure).rejects.not.toThrow(new RegExp(rejected));
    expect(other.isReady()).toBe(false);
  });
});

describe('Socket Mode reconnecting', () => {
  it('is not ready from the moment Slack asks it to reconnect until the new socket says hello', async () => {
    const own = await startFakeSlack();
    // A short ping timeout: the client waits that long before reconnecting (5 s by default).
    const socket = createSlackAdapter(
      { config: config(own.apiUrl), logger: silentLogger },
      { socketPingTimeoutMs: 1_000 },
    );
    try {
      await socket.start(createRealBot());
      expect(socket.isReady()).toBe(true);
      const hold = own.holdConnections();
      own.sendDisconnect();
      // Released either way, so a failing check does not leave the client waiting at tear-down.
      await expect
        .poll(() => socket.isReady())
        .toBe(false)
        .finally(() => hold.release());
      await expect.poll(() => socket.isReady(), { timeout: 5_000 }).toBe(true);
      expect(own.callsOf('apps.connections.open')).toHaveLength(2);
      // The new socket works: an envelope is acked on it within Slack's 3 s.
      own.sendEnvelope({
        envelope_id: 'env-after',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: commandPayload('贫穷', 'after'),
      });
      await expect.poll(() => own.ackTimes.has('env-after')).toBe(true);
      expect(own.violations).toEqual([]);
    } finally {
      await socket.stop();
      await own.close();
    }
  });
});
