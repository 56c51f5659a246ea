import { afterEach, describe, expect, it } from 'vitest';
import { renderReply } from '../adapters/slack/index.js';
import { blockKitViolations, SLACK_LIMITS, startFakeSlack, type FakeSlack } from './fakes/slack-api.js';
import { createRealBot } from './fakes/slack-bot.js';

// The Slack fake refuses what Slack refuses, so adapter tests that assert `violations` is empty mean it.

let fake: FakeSlack | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string, value = 'v', action_id = 'a') => ({
  type: 'button',
  action_id,
  text: { type: 'plain_text', text },
  value,
});

describe('Block Kit limits', () => {
  it('accepts what is within the limits', () => {
    expect(
      blockKitViolations({
        text: 'fallback',
        blocks: [
          section('s'.repeat(3000)),
          { type: 'context', elements: [{ type: 'mrkdwn', text: 'c'.repeat(3000) }] },
          { type: 'actions', elements: [button('b'.repeat(75), 'v'.repeat(2000))] },
        ],
      }),
    ).toEqual([]);
  });

  it.each([
    ['51 blocks', { blocks: Array.from({ length: 51 }, () => section('x')) }, '51 blocks > 50'],
    ['a 3,001-character section', { blocks: [section('s'.repeat(3001))] }, '3001 characters > 3000'],
    ['an empty section text', { blocks: [section('')] }, 'text is empty'],
    [
      'a 76-character button',
      { blocks: [{ type: 'actions', elements: [button('b'.repeat(76))] }] },
      '76 characters > 75',
    ],
    [
      'a 2,001-character button value',
      { blocks: [{ type: 'actions', elements: [button('b', 'v'.repeat(2001))] }] },
      'value is 2001 characters > 2000',
    ],
    [
      'a 3,001-character context',
      { blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: 'c'.repeat(3001) }] }] },
      '3001 characters > 3000',
    ],
    [
      'a repeated action_id',
      { blocks: [{ type: 'actions', elements: [button('a'), button('b')] }] },
      'repeats action_id a',
    ],
    ['a 40,001-character text', { text: 't'.repeat(40_001) }, 'text is 40001 characters > 40000'],
  ])('refuses %s', (_name, body, message) => {
    expect(blockKitViolations(body).join('\n')).toContain(message);
  });

  it('allows 100 blocks on App Home but not 101', () => {
    const blocks = (n: number) => Array.from({ length: n }, () => section('x'));
    expect(blockKitViolations({ blocks: blocks(100) }, 'home')).toEqual([]);
    expect(blockKitViolations({ blocks: blocks(101) }, 'home')).toEqual(['101 blocks > 100']);
  });

  it('a rendered answer in both languages fits, public and ephemeral', async () => {
    const bot = createRealBot();
    const ctx = { channel: 'slack:T1:C1', user: { id: 'U1' }, canManage: true, isDirect: false };
    const reply = await bot.handle('/quote 大模型', ctx);
    expect(reply.kind).toBe('quote');
    for (const mode of ['ephemeral', 'public'] as const)
      expect(blockKitViolations({ ...renderReply(reply, 'both', { mode }) })).toEqual([]);
  });
});

describe('the fake Web API', () => {
  const call = (f: FakeSlack, method: string, token?: string, body: Record<string, unknown> = {}) =>
    fetch(`${f.apiUrl}${method}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<{ ok: boolean; error?: string }>);

  it('checks the token on every method', async () => {
    fake = await startFakeSlack({ botToken: 'xoxb-right', appToken: 'xapp-right' });
    expect(await call(fake, 'chat.postMessage', undefined, { channel: 'C1', text: 'x' })).toMatchObject({
      ok: false,
      error: 'not_authed',
    });
    expect(await call(fake, 'users.info', 'xoxb-wrong', { user: 'U1' })).toMatchObject({
      error: 'invalid_auth',
    });
    expect(await call(fake, 'views.publish', 'xapp-right', {})).toMatchObject({
      error: 'not_allowed_token_type',
    });
    expect(await call(fake, 'apps.connections.open', 'xoxb-right')).toMatchObject({
      error: 'not_allowed_token_type',
    });
    expect(await call(fake, 'apps.connections.open', 'xapp-right')).toMatchObject({ ok: true });
    expect(await call(fake, 'chat.postMessage', 'xoxb-right', { channel: 'C1', text: 'x' })).toMatchObject({
      ok: true,
    });
    expect(fake.violations).toHaveLength(4);
  });

  it('refuses a message over the Block Kit limits with invalid_blocks', async () => {
    fake = await startFakeSlack();
    const blocks = [section('s'.repeat(3001))];
    expect(
      await call(fake, 'chat.postMessage', 'xoxb-any', { channel: 'C1', text: 'x', blocks }),
    ).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect(fake.violations[0]?.where).toBe('chat.postMessage');
  });

  it(`answers a response_url ${SLACK_LIMITS.responseUrlUses} times, then used_url`, async () => {
    fake = await startFakeSlack();
    const url = fake.responseUrl('r1');
    const post = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'x' }),
      });
    for (let i = 0; i < SLACK_LIMITS.responseUrlUses; i++) expect((await post()).status).toBe(200);
    const sixth = await post();
    expect(sixth.status).toBe(404);
    expect(await sixth.text()).toBe('used_url');
    expect(fake.responses).toHaveLength(SLACK_LIMITS.responseUrlUses);
    expect(fake.violations).toEqual([{ where: 'response_url', errors: ['used_url'] }]);
  });
});
