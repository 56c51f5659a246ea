import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../adapters/slack/index.js';
import { createBoltLogger } from '../adapters/slack/logger.js';
import { loadConfig, type Config } from '../src/config.js';
import { pino } from 'pino';
import { createLogger, silentLogger, type Logger } from '../src/log.js';
import { startFakeSlack, type FakeSlack } from './fakes/slack-api.js';
import { createSpyBot } from './fakes/slack-bot.js';
import { sendSigned, slashCommandBody } from './fakes/slack-requests.js';

const TOKEN = 'xoxb-start-test-987654321';
let fake: FakeSlack;

const config = (env: Record<string, string>): Config => {
  const loaded = loadConfig({
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: 'signing-secret-1',
    PORT: '0',
    ...env,
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  return loaded.value;
};

/** A plain pino logger (no scrubbing, so a leaked token would show) writing JSON lines into an array. */
function capture(level = 'debug'): { lines: string[]; logger: Logger } {
  const lines: string[] = [];
  const logger = pino({ level }, { write: (l: string) => void lines.push(l) });
  return { lines, logger };
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(async () => {
  await fake.close();
});

// Nothing the adapter sent may be something Slack refuses (tokens, Block Kit limits, response_url uses, acks).
afterEach(() => {
  expect(fake.violations).toEqual([]);
});

describe('start() failures name the variable to fix', () => {
  it('SLACK_BOT_TOKEN rejected by Slack (invalid_auth), never printing the token', async () => {
    fake.rejectedTokens.add(TOKEN);
    const { lines, logger } = capture();
    const adapter = createSlackAdapter(
      { config: config({ SLACK_API_URL: fake.apiUrl }), logger },
      { host: '127.0.0.1' },
    );
    const failure = adapter.start(createSpyBot());
    await expect(failure).rejects.toThrow(/^SLACK_BOT_TOKEN was rejected by Slack \(invalid_auth\)/);
    const message = await failure.catch((e: Error) => e.message);
    expect(message).not.toContain(TOKEN);
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(adapter.isReady()).toBe(false);
    fake.rejectedTokens.delete(TOKEN);
  });

  it('SLACK_API_URL when nothing answers there', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/api/`;
    const adapter = createSlackAdapter(
      { config: config({ SLACK_API_URL: url }), logger: silentLogger },
      { host: '127.0.0.1' },
    );
    await expect(adapter.start(createSpyBot())).rejects.toThrow(/check SLACK_API_URL/);
  });

  it('PORT when the port is taken', async () => {
    const taken = Number(new URL(fake.url).port);
    const cfg = config({ SLACK_API_URL: fake.apiUrl, PORT: String(taken) });
    const adapter = createSlackAdapter({ config: cfg, logger: silentLogger }, { host: '127.0.0.1' });
    await expect(adapter.start(createSpyBot())).rejects.toThrow(/^PORT is already in use/);
  });

  it('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET when missing', async () => {
    const base = config({ SLACK_API_URL: fake.apiUrl });
    const noToken = { ...base, slack: { ...base.slack, botToken: undefined } };
    await expect(
      createSlackAdapter({ config: noToken, logger: silentLogger }).start(createSpyBot()),
    ).rejects.toThrow(/^SLACK_BOT_TOKEN is not set/);
    const noSecret = { ...base, slack: { ...base.slack, signingSecret: undefined } };
    await expect(
      createSlackAdapter({ config: noSecret, logger: silentLogger }).start(createSpyBot()),
    ).rejects.toThrow(/^SLACK_SIGNING_SECRET is not set/);
  });

  it('a started adapter logs through our logger (lib bolt) and can stop and start again', async () => {
    const { lines, logger } = capture();
    const adapter = createSlackAdapter(
      { config: config({ SLACK_API_URL: fake.apiUrl }), logger },
      { host: '127.0.0.1' },
    );
    await adapter.start(createSpyBot());
    await expect(adapter.start(createSpyBot())).rejects.toThrow(/already started/);
    await adapter.stop();
    await adapter.start(createSpyBot());
    expect(adapter.isReady()).toBe(true);
    await adapter.stop();
    const bolt = lines
      .map((l) => JSON.parse(l) as { lib?: string; adapter?: string })
      .filter((l) => l.lib === 'bolt');
    expect(bolt.length).toBeGreaterThan(0);
    expect(bolt.every((l) => l.adapter === 'slack')).toBe(true);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });
});

describe('Bolt logger bridge', () => {
  it('maps Bolt levels onto pino levels and keeps errors as err', () => {
    const { lines, logger } = capture('info');
    const bolt = createBoltLogger(logger);
    bolt.debug('hidden at info');
    bolt.info('hello', { a: 1 });
    bolt.warn('careful');
    bolt.error('failed:', new Error('kaput'));
    bolt.setLevel('debug' as never);
    bolt.debug('still hidden: LOG_LEVEL decides');
    const parsed = lines.map(
      (l) => JSON.parse(l) as { level: number; msg: string; err?: { message: string } },
    );
    expect(parsed.map((p) => [p.level, p.msg])).toEqual([
      [30, 'hello {"a":1}'],
      [40, 'careful'],
      [50, 'failed: kaput'],
    ]);
    expect(parsed[2]?.err?.message).toBe('kaput');
    expect(bolt.getLevel()).toBe('info');
  });
});

describe('secrets stay out of the logs (HTTP receiver, in process)', () => {
  it('signed and forged requests at debug level never print the signing secret or the token', async () => {
    const secret = 'canary0signing0secret0in0process42';
    let text = '';
    const log = {
      logger: createLogger({
        level: 'debug',
        secrets: [TOKEN, secret],
        destination: { write: (l) => void (text += l) },
      }),
      text: () => text,
    };
    const adapter = createSlackAdapter(
      { config: config({ SLACK_API_URL: fake.apiUrl, SLACK_SIGNING_SECRET: secret }), logger: log.logger },
      { host: '127.0.0.1' },
    );
    await adapter.start(createSpyBot());
    try {
      const url = `http://127.0.0.1:${adapter.port()}/slack/events`;
      const form = 'application/x-www-form-urlencoded';
      const body = (id: string) => slashCommandBody({ text: '贫穷', responseUrl: fake.responseUrl(id) });
      expect((await sendSigned(url, body('forged'), form, { secret: 'not-the-secret' })).status).toBe(401);
      expect((await sendSigned(url, body('signed'), form, { secret })).status).toBe(200);
      await expect.poll(() => fake.responses.some((r) => r.id === 'signed')).toBe(true);
    } finally {
      await adapter.stop();
    }
    expect(log.text()).toMatch(/"level":20/); // debug lines were really written
    expect(log.text()).not.toContain(secret);
    expect(log.text()).not.toContain(TOKEN);
  });
});
