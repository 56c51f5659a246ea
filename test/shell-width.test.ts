// The shell wraps to the terminal's width as it is now, not as it was at start: Node updates `columns` and
// emits 'resize' on the output stream when the window changes (SIGWINCH).
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createShellAdapter, displayWidth } from '../adapters/shell/index.js';
import { trackWidth } from '../adapters/shell/width.js';
import { createBot } from '../src/bot/index.js';
import { fixtureCorpus, mapSettings, stubSearch } from './bot-fixture.js';

/** A stand-in for a TTY output stream: a width that changes, and the 'resize' event. */
function terminal(columns: number): EventEmitter & { columns: number } {
  return Object.assign(new EventEmitter(), { columns });
}

describe('trackWidth', () => {
  it('follows the terminal when it is resized, within 30..120 columns', () => {
    const tty = terminal(100);
    const width = trackWidth(tty);
    expect(width.current()).toBe(100);
    tty.columns = 50;
    tty.emit('resize');
    expect(width.current()).toBe(50);
    tty.columns = 400;
    tty.emit('resize');
    expect(width.current()).toBe(120);
    tty.columns = 10;
    tty.emit('resize');
    expect(width.current()).toBe(30);
  });

  it('stops listening when stopped; a fixed width never changes; no terminal means 80', () => {
    const tty = terminal(100);
    const width = trackWidth(tty);
    width.stop();
    expect(tty.listenerCount('resize')).toBe(0);
    tty.columns = 40;
    tty.emit('resize');
    expect(width.current()).toBe(100);
    const fixed = trackWidth(terminal(100), 60);
    expect(fixed.current()).toBe(60);
    expect(trackWidth(new PassThrough()).current()).toBe(80);
  });
});

describe('the shell after a resize', () => {
  it('wraps the next reply to the new width', async () => {
    const input = new PassThrough();
    const output = Object.assign(new PassThrough(), { columns: 100 });
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const bot = createBot({ corpus: fixtureCorpus(), search: stubSearch(), settings: mapSettings() });
    const adapter = createShellAdapter({ input, output, interactive: false });
    await adapter.start(bot);
    const widest = (text: string): number => Math.max(...text.split('\n').map(displayWidth));

    input.write('help\n');
    await expect.poll(() => out.includes('Show this help')).toBe(true);
    expect(widest(out)).toBeGreaterThan(60);

    output.columns = 40;
    output.emit('resize');
    const before = out.length;
    input.write('help\n');
    await expect.poll(() => out.slice(before).includes('to leave')).toBe(true);
    // URLs may overflow a line rather than be cut; help has none.
    expect(widest(out.slice(before))).toBeLessThanOrEqual(40);
    await adapter.stop();
    expect(output.listenerCount('resize')).toBe(0);
  });
});
