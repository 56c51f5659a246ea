// End to end through the shell adapter: write commands to its input, read its output.
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createShellAdapter, displayWidth } from '../adapters/shell/index.js';
import { createBot } from '../src/bot/index.js';
import type { Subscriptions } from '../src/bot/types.js';
import { createManualClock } from '../src/clock.js';
import { quoteOfTheDay } from '../src/quotes/pick.js';
import { loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';
import { createQuoteSearch } from '../src/search/index.js';
import { fakeSubscriptions, mapSettings } from './bot-fixture.js';

const corpus = loadCorpus([shippedQuotesDir()]);
const search = createQuoteSearch(corpus.quotes);
const clock = createManualClock('2024-05-01T01:00:00Z');
// The source's credit line, then the link labelled as the repost it is (lines wrap at spaces).
const ATTRIBUTION =
  /— 周明,接受《晚点 LatePost》采访,2023 年 4 月 · Zhou Ming,\s+interviewed\s+by\s+LatePost,\s+April\s+2023\s+文本取自转载 · text\s+from\s+a\s+repost:\s+https:\/\/\S+/;
/** The line that sets a quote up: the interviewer's question, or an editor's lead (intro quotes have only a lead). */
const SETUP = /^ *(问:|《晚点 LatePost》|谈)/m;

function newBot(subscriptions?: Subscriptions) {
  return createBot({
    corpus,
    search,
    settings: mapSettings(),
    clock,
    random: () => 0,
    defaultTimeZone: 'Asia/Shanghai',
    ...(subscriptions ? { subscriptions } : {}),
  });
}

/** Runs a non-interactive session: every line in, every reply out, until EOF. */
async function session(lines: string[], options: { subscriptions?: Subscriptions; width?: number } = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString('utf8')));
  let exits = 0;
  const exited = new Promise<void>((resolve) => {
    const adapter = createShellAdapter({
      input,
      output,
      interactive: false,
      width: options.width ?? 80,
      onExit: () => {
        exits += 1;
        resolve();
      },
    });
    void adapter
      .start(newBot(options.subscriptions))
      .then(() => input.end(lines.map((l) => `${l}\n`).join('')));
  });
  await exited;
  return { out, exits: () => exits };
}

/** Replies in a non-interactive session end with a blank line (only help has blank lines inside). */
const blocks = (out: string): string[] =>
  out
    .split(/\n\n/)
    .map((b) => b.trim())
    .filter(Boolean);

describe('shell adapter end to end, one command at a time', () => {
  it("README's sample reply is the bot's real output", async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const sample = /```\nmingyan> (\/quote [^\n]+)\n([\s\S]*?)\n```/.exec(readme);
    expect(sample).not.toBeNull();
    const { out } = await session([sample![1]!]);
    expect(blocks(out)[0]).toBe(sample![2]);
  });

  it('/quote prints a random insight with attribution and usable hints', async () => {
    const { out } = await session(['/quote']);
    expect(out).toMatch(ATTRIBUTION);
    expect(out).toContain('(next: /quote next');
    expect(out).toMatch(/context: \/quote context [a-z0-9-]+/);
    const id = /id: ([a-z0-9-]+)/.exec(out)?.[1] ?? '';
    expect(corpus.byId.get(id)?.insight).toBe(true);
  });

  it('/quote 贫穷 prints the best match, Chinese then English, and `next` shows the next match', async () => {
    const { out } = await session(['/quote 贫穷', 'next', 'more']);
    const [first, second, third] = blocks(out);
    expect(first).toContain('贫穷');
    expect(first).toMatch(/id: [a-z0-9-]+ · 1\/\d+/);
    expect(second).toMatch(/· 2\/\d+/);
    expect(third).toMatch(/· (3|1)\/\d+/);
    const zh = first?.indexOf('贫穷') ?? -1;
    const en = first?.search(/Poverty|poverty/) ?? -1;
    expect(zh).toBeGreaterThanOrEqual(0);
    expect(en).toBeGreaterThan(zh);
  });

  it('bare `context` after a quote shows the question and the whole answer, the quote marked', async () => {
    const { out } = await session(['/quote 偶然性', 'context']);
    const ctx = blocks(out)[1] ?? '';
    // The editor's lead, then the interviewer's question.
    expect(ctx).toMatch(
      /^谈为什么 Transformer 和 ChatGPT 都出现在美国\nOn why both the Transformer and ChatGPT came from the US\n问:/,
    );
    expect(ctx).toContain('Q: ');
    expect(ctx).toMatch(/^» 任何技术出现都有一定偶然性。/m);
    expect(ctx).toMatch(/^» 集成创新中国是比较薄弱/m);
    expect(ctx).toMatch(ATTRIBUTION);
  });

  it('`next` before anything else says what to do', async () => {
    const { out } = await session(['next']);
    expect(out).toContain('Nothing to continue yet');
  });

  it('/quote topic (by id, Chinese label, typo) and /quote topics', async () => {
    const { out } = await session([
      '/quote topic agi',
      '/quote topic 创业',
      '/quote topic tranformer',
      '/quote topics',
    ]);
    const [agi, startup, transformer, topics] = blocks(out);
    expect(agi).toMatch(/· agi \d+\/\d+/);
    expect(startup).toMatch(/· startup \d+\/\d+/);
    expect(transformer).toMatch(/· transformer \d+\/\d+/);
    expect(topics).toMatch(/^话题 Topics/);
    expect(topics).toMatch(/agi\s+通用人工智能 · AGI \(\d+\)/);
  });

  it("/quote today prints the channel's quote of the day for shell:local", async () => {
    const { out } = await session(['/quote today']);
    const expected = quoteOfTheDay(corpus.quotes, 'shell:local', '2024-05-01');
    expect(out).toContain(`id: ${expected.id} · 2024-05-01`);
    expect(out).toContain(expected.text.slice(0, 10));
  });

  it('/quote id and /quote context by id; unknown ids get a clear answer', async () => {
    const q = corpus.quotes[3];
    const { out } = await session([
      `/quote id ${q?.id}`,
      `/quote context ${q?.id}`,
      '/quote id no-such-quote',
    ]);
    const [byId, ctx, miss] = blocks(out);
    expect(byId).toContain(`id: ${q?.id}`);
    expect(byId).toMatch(SETUP);
    expect(ctx).toMatch(SETUP);
    expect(miss).toContain('No quote has the id “no-such-quote”');
  });

  it('/quote discuss prints a quote with the question for the team', async () => {
    const { out } = await session(['/quote discuss', '/quote discuss 2B']);
    const [any, twoB] = blocks(out);
    expect(any).toMatch(/^\[讨论 Discussion\]/);
    expect(any).toContain('讨论题:');
    expect(any).toContain('For discussion: ');
    expect(twoB).toMatch(/2B|2C/);
  });

  it('/quote lang en|zh|both changes what every following reply shows', async () => {
    const { out } = await session([
      '/quote lang en',
      '/quote 贫穷',
      '/quote lang zh',
      '/quote 贫穷',
      '/quote lang',
      'lang both',
    ]);
    const [setEn, en, setZh, zh, show, setBoth] = blocks(out);
    expect(setEn).toBe('Done: this channel now shows English only.');
    expect(en).toMatch(/Poverty/);
    expect(en).not.toMatch(/^贫穷/m);
    expect(en).not.toContain('问:');
    expect(setZh).toBe('好的,本频道今后显示:中文。');
    expect(zh).toContain('贫穷');
    expect(zh).not.toContain('Q: ');
    expect(show).toContain('zh');
    expect(setBoth).toContain('Chinese with English');
  });

  it('daily and weekly subscriptions go to the scheduler as shell:local', async () => {
    const subs = fakeSubscriptions();
    const { out } = await session(
      [
        '/quote daily 9:00 Asia/Shanghai',
        '/quote daily status',
        '/quote discuss weekly 周一 10:00',
        '/quote discuss weekly off',
        '/quote daily off',
      ],
      { subscriptions: subs },
    );
    const [daily, status, weekly, weeklyOff, dailyOff] = blocks(out);
    expect(subs.requests.map((r) => [r.channel, r.kind, r.time, r.timezone, r.createdBy])).toEqual([
      ['shell:local', 'daily', '09:00', 'Asia/Shanghai', 'local'],
      ['shell:local', 'discuss', '10:00', 'Asia/Shanghai', 'local'],
    ]);
    expect(daily).toContain('Subscribed: an insight every day at 09:00 (Asia/Shanghai).');
    expect(daily?.replace(/\s+/g, ' ')).toContain(
      '#1 每日一句 daily insight, every day 09:00 Asia/Shanghai · both next 2024-05-02 09:00',
    );
    expect(status).toContain('#1');
    expect(weekly).toContain('on Mon at 10:00');
    expect(weeklyOff).toContain('Stopped the weekly discussion.');
    expect(dailyOff).toContain('Stopped the daily insight.');
  });

  it('subscriptions without a scheduler, and bad times, get clear answers', async () => {
    const { out } = await session(['/quote daily 9:00', '/quote daily 25:00', '/quote daily 9:00 Mars/Base']);
    const [off, badTime, badZone] = blocks(out);
    expect(off).toContain('Scheduling is not running here');
    expect(badTime).toContain('✗ “25:00” is not a time');
    expect(badZone).toContain('Mars/Base');
  });

  it('help, a typo with "did you mean", no match, an over-long query', async () => {
    const { out } = await session([
      '/quote help',
      'tpoic agi',
      '/quote zzqxvw',
      `/quote ${'长'.repeat(600)}`,
    ]);
    expect(out).toContain('/quote topic <topic>');
    expect(out).toContain('/quote discuss weekly [day] HH:MM [zone]');
    expect(out).toContain('Did you mean /quote topic agi?');
    expect(out).toContain('Nothing matched “zzqxvw”');
    expect(out).toContain('/quote topic ');
    expect(out).toContain('the limit is 500 characters');
    expect(out).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers in order, skips blank lines, stops at `exit`, and calls onExit once', async () => {
    const { out, exits } = await session(['', '   ', '/quote topics', 'exit', '/quote 贫穷']);
    expect(out).toContain('话题 Topics');
    expect(out).not.toContain('贫穷');
    expect(exits()).toBe(1);
  });

  it('wraps to the width, counting Chinese characters as two columns', async () => {
    const { out } = await session(['/quote context llms-will-be-infrastructure', '/quote help'], {
      width: 40,
    });
    for (const line of out.split('\n')) {
      if (/https?:\/\//.test(line)) continue;
      expect(displayWidth(line), line).toBeLessThanOrEqual(40);
    }
  });
});

describe('shell adapter as a platform', () => {
  it('posts scheduled replies to shell:local with a header, refuses other channels', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const adapter = createShellAdapter({ input, output, interactive: false, width: 80 });
    expect(adapter.name).toBe('shell');
    expect(adapter.isReady()).toBe(false);
    const bot = newBot();
    await adapter.start(bot);
    expect(adapter.isReady()).toBe(true);
    const reply = await bot.handle('/quote discuss', {
      channel: 'shell:local',
      user: { id: 'scheduler' },
      canManage: true,
    });
    const posted = await adapter.post('shell:local', reply);
    expect(posted).toEqual({ ok: true, value: { messageId: 'shell-1' } });
    expect(out).toMatch(/^\[每周讨论 weekly discussion\]\n\[讨论 Discussion\]/);
    const daily = await adapter.post(
      'shell:local',
      await bot.handle('/quote today', { channel: 'shell:local', user: { id: 's' }, canManage: true }),
    );
    expect(daily.ok && daily.value.messageId).toBe('shell-2');
    expect(out).toContain('[每日一句 daily insight]');
    const elsewhere = await adapter.post('slack:T1:C1', reply);
    expect(elsewhere).toMatchObject({ ok: false, error: { kind: 'permanent' } });
    await adapter.stop();
    expect(adapter.isReady()).toBe(false);
    expect(await adapter.post('shell:local', reply)).toMatchObject({
      ok: false,
      error: { kind: 'transient' },
    });
  });

  it('stop() finishes in-flight replies and does not call onExit', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString('utf8')));
    let exits = 0;
    const adapter = createShellAdapter({ input, output, interactive: false, onExit: () => (exits += 1) });
    await adapter.start(newBot());
    input.write('/quote topics\n');
    await new Promise((r) => setImmediate(r));
    await adapter.stop();
    expect(out).toContain('话题 Topics');
    expect(exits).toBe(0);
  });

  it('interactive: prompts with `mingyan> `, answers, and leaves on Ctrl-D', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const exited = new Promise<void>((resolve) => {
      const adapter = createShellAdapter({ input, output, interactive: true, width: 80, onExit: resolve });
      void adapter.start(newBot()).then(() => {
        input.write('help\r');
        // Ctrl-D on an empty line ends the session, as in any shell.
        setImmediate(() => setImmediate(() => input.write('\u0004')));
      });
    });
    await exited;
    expect(out).toContain('mingyan> ');
    expect(out).toContain('"help" for commands');
    expect(out).toContain('/quote topic <topic>');
    expect(out.split('mingyan> ').length).toBeGreaterThanOrEqual(3);
  });
});
