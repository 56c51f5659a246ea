// The shell adapter in a live session: scheduled posts arriving between commands, and hostile input.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createShellAdapter, SHELL_CHANNEL } from '../adapters/shell/index.js';
import { createBot } from '../src/bot/index.js';
import type { Reply } from '../src/bot/reply.js';
import { toQuoteView } from '../src/bot/view.js';
import { FIXTURE_QUOTES, fixtureCorpus, mapSettings, stubSearch } from './bot-fixture.js';

/** Whether text holds a C0 control other than a line break, DEL, or a C1 control. */
const hasControl = (text: string): boolean =>
  [...text].some((c) => {
    const cp = c.codePointAt(0) ?? 0;
    return (cp < 0x20 && cp !== 0x0a) || (cp >= 0x7f && cp <= 0x9f);
  });

const corpus = fixtureCorpus();

/** A started non-interactive shell; `send` writes a line and waits until its reply (ending in a blank line) is out. */
async function shell() {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const adapter = createShellAdapter({ input, output, interactive: false, width: 100 });
  await adapter.start(createBot({ corpus, search: stubSearch(), settings: mapSettings(), random: () => 0 }));
  const settle = async (before: number): Promise<string> => {
    for (let i = 0; i < 400 && !out.slice(before).endsWith('\n\n'); i++)
      await new Promise((r) => setTimeout(r, 5));
    return out.slice(before);
  };
  return {
    adapter,
    send: async (line: string): Promise<string> => {
      const before = out.length;
      input.write(`${line}\n`);
      return settle(before);
    },
    stop: () => adapter.stop(),
  };
}

const post: Reply = {
  kind: 'quote',
  quote: toQuoteView(FIXTURE_QUOTES[2]!, corpus),
  lang: 'both',
  note: 'daily',
  actions: [{ kind: 'another', label: { zh: '换一句', en: 'Another' }, payload: 'garbage-from-the-post' }],
};

describe('shell: a scheduled post between commands', () => {
  it('does not take over the buttons: `next` keeps paging the search the user ran', async () => {
    const s = await shell();
    const first = await s.send('/quote 贫穷');
    expect(first).toMatch(/· 1\/2/);
    expect((await s.adapter.post(SHELL_CHANNEL, post)).ok).toBe(true);
    const next = await s.send('next');
    expect(next).toMatch(/· 2\/2/);
    expect(next).not.toContain('Nothing to continue');
    await s.stop();
  });

  it('before anything was asked, `next` after a post still says there is nothing to continue', async () => {
    const s = await shell();
    await s.adapter.post(SHELL_CHANNEL, post);
    expect(await s.send('next')).toContain('Nothing to continue yet');
    await s.stop();
  });
});

describe('shell: hostile input', () => {
  it('echoes no escape sequence back: `\\x1b[31mred` is answered about “red”', async () => {
    const s = await shell();
    const reply = await s.send('\u001b[31mzzqxv');
    expect(reply).toContain('Nothing matched “zzqxv”');
    expect(hasControl(reply)).toBe(false);
    await s.stop();
  });

  it('a line of zero-width spaces gets "nothing to search for", not a random quote', async () => {
    const s = await shell();
    const reply = await s.send('\u200b\u200b');
    expect(reply).toContain('nothing to search for');
    expect(reply).not.toContain('id: ');
    await s.stop();
  });
});
