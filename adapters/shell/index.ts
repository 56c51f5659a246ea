import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Adapter, PostFailure } from '../../src/adapter.js';
import type { Bot } from '../../src/bot/types.js';
import type { CommandContext } from '../../src/bot/command.js';
import type { Action, Reply } from '../../src/bot/reply.js';
import { err, ok, type Result } from '../../src/result.js';
import { postHeader, renderReply } from './render.js';
import { trackWidth } from './width.js';

export { renderReply, attributionLine, postHeader } from './render.js';
export { displayWidth, wrap } from './width.js';

/** The one channel a terminal has. */
export const SHELL_CHANNEL = 'shell:local';

/** How to run the shell adapter. */
export interface ShellAdapterOptions {
  /** Where commands come from (stdin, or a PassThrough in tests). */
  input: NodeJS.ReadableStream;
  /** Where replies go. */
  output: NodeJS.WritableStream;
  /** A person at a terminal: prompt, history, line editing. Defaults to `input.isTTY`. */
  interactive?: boolean;
  /** Columns to wrap to; by default the terminal's width as it is resized, else 80. */
  width?: number;
  /** Called once when the input ends (EOF, Ctrl-D, `exit`) after the last reply is printed; not on stop(). */
  onExit?: () => void;
  /** Where quote cards are saved as PNG files; a `mingyan-cards` folder in the system temp folder by default. */
  cardsDir?: string;
}

/** The lines under a reply that a terminal cannot show inline: the saved card's path, the permalink. */
function extras(reply: Reply, cardsDir: string): string[] {
  if (reply.kind !== 'quote') return [];
  const lines: string[] = [];
  if (reply.card) {
    try {
      mkdirSync(cardsDir, { recursive: true });
      const path = join(cardsDir, reply.card.filename);
      writeFileSync(path, reply.card.png);
      lines.push(`card saved: ${path} (${reply.card.width}×${reply.card.height} PNG)`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      lines.push(`the card could not be saved in ${cardsDir} (${code})`);
    }
  }
  if (reply.quote.permalink) lines.push(`link: ${reply.quote.permalink}`);
  return lines;
}

const PROMPT = 'mingyan> ';
const EXIT_WORDS = new Set(['exit', 'quit', ':q', '\\q']);
const NEXT_WORDS = new Set(['next', 'more', 'another', 'n']);

// Shell-only words that press the last reply's buttons (other platforms have real buttons).
function shellWord(line: string): string {
  return line
    .normalize('NFKC')
    .trim()
    .replace(/^\/?quote(?=\s|$)/i, '')
    .trim()
    .toLowerCase();
}

/** The terminal adapter: the default with no tokens, and the driver of end-to-end tests. */
export function createShellAdapter(options: ShellAdapterOptions): Adapter {
  const { input, output } = options;
  const interactive = options.interactive ?? (input as { isTTY?: boolean }).isTTY === true;
  const width = trackWidth(output, options.width);
  const cardsDir = options.cardsDir ?? join(tmpdir(), 'mingyan-cards');
  const ctx: CommandContext = { channel: SHELL_CHANNEL, user: { id: 'local', name: 'you' }, canManage: true };

  let rl: Interface | undefined;
  let queue: Promise<void> = Promise.resolve();
  let started = false;
  let closed = false;
  let stopping = false;
  // Set by `exit`: lines already read after it (a pasted script) are not answered.
  let ended = false;
  let posts = 0;
  let lastActions: readonly Action[] = [];

  const write = (text: string): void => {
    if (closed && stopping) return;
    output.write(`${text}\n`);
  };
  const prompt = (): void => {
    if (interactive && rl && !closed) rl.prompt();
  };
  const show = (reply: Reply): void => {
    // A blank line after each reply keeps a scrolled conversation readable, in a terminal and in a log.
    write([renderReply(reply, { width: width.current() }), ...extras(reply, cardsDir)].join('\n') + '\n');
    if ('actions' in reply) lastActions = reply.actions;
  };
  const enqueue = (task: () => Promise<void> | void): void => {
    queue = queue.then(task).catch(() => {
      write('Sorry, something went wrong. 抱歉,出了点问题。');
    });
  };

  async function press(bot: Bot, kinds: readonly Action['kind'][], missing: string): Promise<void> {
    const found = kinds.map((k) => lastActions.find((a) => a.kind === k)).find((a) => a !== undefined);
    if (!found) {
      write(`${missing}\n`);
      return;
    }
    show(await bot.action(found.payload, ctx));
  }

  async function onLine(bot: Bot, line: string): Promise<void> {
    const text = line.trim();
    if (ended || stopping) return;
    if (text === '') return prompt();
    const word = shellWord(text);
    if (EXIT_WORDS.has(word)) {
      ended = true;
      rl?.close();
      return;
    }
    if (NEXT_WORDS.has(word)) {
      await press(
        bot,
        ['another', 'random'],
        'Nothing to continue yet: try /quote 贫穷 first. 先搜点什么吧。',
      );
    } else if (word === 'context' && lastActions.some((a) => a.kind === 'context')) {
      await press(bot, ['context'], '');
    } else {
      show(await bot.handle(text, ctx));
    }
    prompt();
  }

  return {
    name: 'shell',
    async start(bot: Bot): Promise<void> {
      if (started) return;
      started = true;
      rl = createInterface({
        input,
        output: interactive ? output : undefined,
        terminal: interactive,
        prompt: PROMPT,
        historySize: 500,
        crlfDelay: Infinity,
      });
      rl.on('line', (line) => enqueue(() => onLine(bot, line)));
      rl.on('close', () =>
        enqueue(() => {
          closed = true;
          width.stop();
          if (interactive && !stopping) output.write('\n');
          if (!stopping) options.onExit?.();
        }),
      );
      // Ctrl-C quits, as it does most programs started from a terminal; a half-typed line is cleared first.
      rl.on('SIGINT', () => {
        if (rl && rl.line.length > 0) {
          rl.write(null, { ctrl: true, name: 'u' });
        } else {
          rl?.close();
        }
      });
      // A closed pipe (`| head`) ends the session instead of crashing the process.
      output.on('error', () => rl?.close());
      if (interactive) {
        write('名言 mingyan: 周明 Zhou Ming in 晚点 LatePost, 2023-04.');
        write('Type words to search (贫穷, AGI, pinyin), "help" for commands, "exit" or Ctrl-D to leave.');
        prompt();
      }
    },
    async stop(): Promise<void> {
      stopping = true;
      width.stop();
      rl?.close();
      await queue;
      closed = true;
    },
    async post(channel: string, reply: Reply): Promise<Result<{ messageId: string }, PostFailure>> {
      if (channel !== SHELL_CHANNEL) {
        return err({
          kind: 'permanent',
          reason: `the shell adapter only posts to ${SHELL_CHANNEL}, not ${channel}`,
        });
      }
      if (closed || stopping) return err({ kind: 'transient', reason: 'the shell session has ended' });
      // Clear the half-drawn prompt, print the post, then redraw the prompt with whatever was being typed.
      if (interactive) output.write('\r\x1b[K');
      // The post's buttons are not taken over: `next` keeps paging what the user was looking at.
      write(
        [postHeader(reply), renderReply(reply, { width: width.current() }), ...extras(reply, cardsDir)].join(
          '\n',
        ) + '\n',
      );
      if (interactive && rl) rl.prompt(true);
      posts += 1;
      return ok({ messageId: `shell-${posts}` });
    },
    isReady: () => started && !closed && !stopping,
  };
}
