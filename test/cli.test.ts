import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { coreCommands } from '../src/cli/index.js';
import type { CliCommand, CliIO } from '../src/cli/types.js';
import { MAX_QUERY_LENGTH } from '../src/search/types.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const VALID = 'test/fixtures/quotes/valid';
const BROKEN = 'test/fixtures/quotes/broken';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with in-memory streams; QUOTES_DIR adds the tiny fixture corpus unless `env` says otherwise. */
async function cli(
  argv: string[],
  {
    stdin = '',
    env = { QUOTES_DIR: VALID },
    commands = coreCommands,
  }: { stdin?: string; env?: Record<string, string>; commands?: readonly CliCommand[] } = {},
): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: '', err: '' };
  stdout.on('data', (d: Buffer) => (chunks.out += d.toString()));
  stderr.on('data', (d: Buffer) => (chunks.err += d.toString()));
  const io: CliIO = { stdout, stderr, stdin: Readable.from([stdin]), env, cwd: root };
  const code = await runCli(argv, io, commands);
  await new Promise((r) => setImmediate(r));
  return { code, stdout: chunks.out, stderr: chunks.err };
}

const command = (name: string, run: CliCommand['run'] = async () => 0): CliCommand => ({
  name,
  usage: `${name} [X]`,
  summary: `does ${name}`,
  run,
});

describe('runCli: the registry and its help', () => {
  it('generates the help from the commands, on stdout for `help`, `--help` and `-h`', async () => {
    for (const argv of [['help'], ['--help'], ['-h']]) {
      const r = await cli(argv);
      expect(r.code).toBe(0);
      for (const c of coreCommands) expect(r.stdout).toContain(c.usage);
      expect(r.stdout).toContain('help [COMMAND]');
      expect(r.stdout).toContain('Exit codes: 0 ok, 1 failure');
    }
  });

  it('shows the help on stderr with the usage exit code when no command is given', async () => {
    const r = await cli([]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain('Usage: npm run -s mingyan -- <command>');
  });

  it('shows one command’s usage for `help CMD` and `CMD --help`', async () => {
    for (const argv of [
      ['help', 'search'],
      ['search', '--help'],
    ]) {
      const r = await cli(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /^usage: npm run -s mingyan -- search \[--json\] \[--limit N\] \[--topic T\] QUERY/,
      );
    }
  });

  it('answers an unknown command with "did you mean" and the usage exit code', async () => {
    const r = await cli(['serch', '贫穷']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'mingyan: unknown command "serch". Did you mean "npm run -s mingyan -- search"? "npm run -s mingyan -- help" lists them.\n',
    );
    expect((await cli(['zzzzzz'])).stderr).not.toContain('Did you mean');
  });

  it('rejects two commands with one name, and a command named help', async () => {
    const twice = await cli(['a'], { commands: [command('a'), command('b'), command('a')] });
    expect(twice).toMatchObject({ code: 1, stderr: 'mingyan: internal error: two commands are named "a"\n' });
    expect((await cli(['help'], { commands: [command('help')] })).code).toBe(1);
  });

  it('lists extra commands in the help and runs them with their arguments', async () => {
    const seen: string[][] = [];
    const extra = command('start', async (args) => (seen.push(args), 0));
    expect((await cli(['help'], { commands: [...coreCommands, extra] })).stdout).toContain('does start');
    expect((await cli(['start', '--x', 'y'], { commands: [extra] })).code).toBe(0);
    expect(seen).toEqual([['--x', 'y']]);
  });

  it('turns an exception in a command into one line on stderr and exit 1, without a stack', async () => {
    const boom = command('boom', async () => {
      throw new Error('disk on fire');
    });
    const r = await cli(['boom'], { commands: [boom] });
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'mingyan boom: unexpected error: disk on fire\n' });
  });

  it('ends quietly with exit 0 when the reader closes the pipe (mingyan list | head)', async () => {
    for (const [argv, stdin] of [
      [['list'], ''],
      [['search', '--json', '--stdin'], '简单\n'.repeat(200)],
    ] as const) {
      const closed = new Writable({
        write: (_chunk, _enc, done) => done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })),
      });
      const stderr = new PassThrough();
      let err = '';
      stderr.on('data', (d: Buffer) => (err += d.toString()));
      const io: CliIO = {
        stdout: closed,
        stderr,
        stdin: Readable.from([stdin]),
        env: { QUOTES_DIR: VALID },
        cwd: root,
      };
      expect(await runCli([...argv], io, coreCommands)).toBe(0);
      expect(err).not.toContain('EPIPE');
    }
  });

  it('quote commands need only QUOTES_DIR: a half-configured chat platform does not block them', async () => {
    const r = await cli(['search', '简单就是力量'], {
      env: { QUOTES_DIR: VALID, DEFAULT_TZ: 'Mars/Olympus_Mons', MINGYAN_ADAPTERS: 'slack' },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('简单就是力量');
  });
});

describe('mingyan search', () => {
  it('prints ranked readable results: rank, score, id, Chinese, English', async () => {
    const r = await cli(['search', '简单就是力量']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^1\. \[\d\.\d\d\] (simple-is-power|do-simple-ai-first)\n {3}简单就是力量/);
    expect(r.stdout).toContain('Simplicity is power.');
  });

  it('prints one JSON array, best first, with the agreed fields', async () => {
    const r = await cli(['search', '--json', '--limit', '3', '简单就是力量']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const hits = JSON.parse(r.stdout) as { id: string; score: number }[];
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(3);
    // The question, or the editor's lead for an intro quote (simple-is-power has only a lead).
    expect(Object.keys(hits[0] as object).sort()).toEqual(
      expect.arrayContaining(['en', 'id', 'score', 'section', 'text', 'topics']),
    );
    for (const hit of hits as Record<string, unknown>[])
      expect(Object.keys(hit).filter((k) => k === 'question' || k === 'lead')).not.toEqual([]);
    expect(['simple-is-power', 'do-simple-ai-first']).toContain(hits[0]?.id);
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('filters by topic (and only accepts topics of the vocabulary)', async () => {
    const r = await cli(['search', '--json', '--topic=deployment', '简单']);
    const hits = JSON.parse(r.stdout) as { topics: string[] }[];
    expect(hits.every((h) => h.topics.includes('deployment'))).toBe(true);
    const bad = await cli(['search', '--topic', 'startups', '简单']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown topic "startups" (did you mean "startup"?)');
  });

  it('says so plainly when nothing matched, and prints [] in JSON', async () => {
    const none = '齉齉齉';
    expect((await cli(['search', none])).stdout).toContain(`No quote matched "${none}"`);
    expect(await cli(['search', '--json', none])).toMatchObject({ code: 0, stdout: '[]\n' });
  });

  it('treats a missing, blank or too long query and bad options as usage errors', async () => {
    for (const argv of [
      ['search'],
      ['search', '   '],
      ['search', 'x'.repeat(MAX_QUERY_LENGTH + 1)],
      ['search', '--limit', '0', 'x'],
      ['search', '--limit', 'abc', 'x'],
      ['search', '--limit'],
      ['search', '--frobnicate', 'x'],
      ['search', '--stdin'],
      ['search', '--json', '--stdin', 'x'],
    ]) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^mingyan search: .+\nusage: npm run -s mingyan -- search/);
    }
  });

  it('--stdin: exactly one JSON line per input line, in order, [] for empty and refused queries', async () => {
    const input = ['简单就是力量', '', 'x'.repeat(10_000), '   ', '因为有趣', '\u200b'].join('\n');
    const r = await cli(['search', '--json', '--stdin', '--limit', '1'], { stdin: `\uFEFF${input}\r\n` });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(6);
    const parsed = lines.map((l) => JSON.parse(l) as { id: string }[]);
    expect(parsed[0]?.[0]?.id).toMatch(/^(simple-is-power|do-simple-ai-first)$/);
    expect([parsed[1], parsed[2], parsed[3]]).toEqual([[], [], []]);
    expect(parsed[4]?.[0]?.id).toBe('because-its-fun');
    expect(Array.isArray(parsed[5])).toBe(true);
  });
});

describe('mingyan list, show, random, topics', () => {
  it('list --json prints every quote with all its fields', async () => {
    const r = await cli(['list', '--json']);
    const quotes = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(quotes.find((q) => q.id === 'because-its-fun')).toEqual({
      id: 'because-its-fun',
      section: '01',
      text: '因为有趣。我想试试看。',
      en: 'Because it is fun. I wanted to give it a try.',
      question: { zh: '你为什么做这个?', en: 'Why are you doing this?' },
      lead: { zh: '谈她为什么做这个', en: 'On why she does this' },
      topics: ['startup', 'ambition'],
      keywords: { zh: ['有趣'], en: ['fun', 'try'] },
      insight: true,
      prompt: { zh: '什么事让你觉得有趣?', en: 'What do you find fun?' },
      sourceId: 'tiny-interview',
    });
    // An intro quote has a lead and no question; a note and aliases are listed too.
    const intro = quotes.find((q) => q.id === 'simple-is-power');
    expect(intro?.lead).toEqual({ zh: '导语:她常说', en: 'From the introduction: what she often says' });
    expect(intro).not.toHaveProperty('question');
    const noted = quotes.find((q) => q.id === 'second-answer-short');
    expect(noted?.note).toEqual({ zh: '编者注:其实不算短。', en: "Editor's note: it is not that short." });
    expect(noted?.aliases).toEqual(['short-second-answer']);
    expect(quotes.map((q) => q.id)).not.toContain('short-second-answer');
  });

  it('show and show --context resolve an alias to the quote that absorbed it', async () => {
    const r = await cli(['show', '--json', '--context', 'short-second-answer']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.id ?? json.quote?.id).toBe('second-answer-short');
    expect(json.context.answer).toEqual(['第二个回答很短。']);
  });

  it('list prints one line per quote: id and text', async () => {
    const r = await cli(['list', '--topic', 'deployment']);
    expect(r.stdout.trimEnd().split('\n')).toContainEqual(
      expect.stringMatching(/^do-simple-ai-first +简单就是力量。先做 AI 的简单事情。$/),
    );
    expect(r.stdout).not.toContain('because-its-fun');
  });

  it('show ID prints the quote, the question, the prompt and the attribution', async () => {
    const r = await cli(['show', 'because-its-fun']);
    expect(r.code).toBe(0);
    for (const part of [
      '因为有趣。我想试试看。',
      'Because it is fun.',
      'Q: 你为什么做这个?',
      'What do you find fun?',
      '李华 Li Hua',
      'https://example.com/tiny',
    ]) {
      expect(r.stdout).toContain(part);
    }
  });

  it('show --context adds the whole answer, verbatim', async () => {
    const r = await cli(['show', '--context', 'because-its-fun']);
    expect(r.stdout).toContain(
      'In context (verbatim):\n\n  因为有趣。我想试试看。\n\n  第二段回答,仍然是同一个回答。\n',
    );
    const json = JSON.parse((await cli(['show', '--json', '--context', 'second-answer-short'])).stdout);
    expect(json.context.answer).toEqual(['第二个回答很短。']);
  });

  it('show ID takes the id in any case, as the bot does', async () => {
    const r = await cli(['show', 'BECAUSE-ITS-FUN']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('因为有趣。我想试试看。');
    expect((await cli(['show', '--json', ' Because-Its-Fun '])).stdout).toContain('"id": "because-its-fun"');
  });

  it('show with an unknown id fails with a did-you-mean; without an id it is a usage error', async () => {
    const r = await cli(['show', 'becuase-its-fun']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no quote with id "becuase-its-fun". Did you mean "because-its-fun"?');
    expect((await cli(['show'])).code).toBe(2);
  });

  it('random prints some quote, honouring --topic and --insight', async () => {
    const r = await cli(['random', '--json', '--topic', 'ambition', '--insight']);
    expect(r.code).toBe(0);
    const q = JSON.parse(r.stdout) as { topics: string[]; insight: boolean };
    expect(q.topics).toContain('ambition');
    expect(q.insight).toBe(true);
    expect((await cli(['random'])).stdout).toContain('  id: ');
  });

  it('topics lists id, label and count, matching the quotes', async () => {
    const topics = JSON.parse((await cli(['topics', '--json'])).stdout) as { id: string; count: number }[];
    const quotes = JSON.parse((await cli(['list', '--json'])).stdout) as { topics: string[] }[];
    const strategy = topics.find((t) => t.id === 'strategy');
    expect(strategy?.count).toBe(quotes.filter((q) => q.topics.includes('strategy')).length);
    expect((await cli(['topics'])).stdout).toMatch(/^strategy +\d+ {2}战略 \/ Strategy$/m);
  });

  it('warns once on stderr when quote files have problems, and goes on with the rest', async () => {
    const r = await cli(['show', 'good-one'], { env: { QUOTES_DIR: BROKEN } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('数据很重要。');
    expect(r.stderr).toMatch(
      /^mingyan show: warning: \d+ problems in quote files; .*npm run -s mingyan -- validate/,
    );
  });
});

describe('mingyan validate', () => {
  it('fails on a daily or prompt quote that does not stand alone, naming the quote and why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mingyan-validate-'));
    try {
      const yaml = readFileSync(join(root, VALID, 'tiny.yaml'), 'utf8').replace(
        '    lead: { zh: 谈她为什么做这个, en: On why she does this }\n',
        '',
      );
      writeFileSync(join(dir, 'tiny.yaml'), yaml);
      writeFileSync(join(dir, 'tiny.txt'), readFileSync(join(root, VALID, 'tiny.txt')));
      const r = await cli(['validate', dir]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        'quote "because-its-fun" field standalone: text begins with "因为", which points back to text the reader cannot see; trim it or add a lead',
      );
      expect(r.stderr).toContain('en begins with "Because"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes the shipped corpus: every deck quote stands alone', async () => {
    const r = await cli(['validate', 'quotes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/all verbatim, coverage (9[5-9]|100)\.\d% of 周明's answer characters/);
  });

  it('summarises a valid folder: quotes, files, verbatim, coverage', async () => {
    const r = await cli(['validate', VALID]);
    expect(r).toEqual({
      code: 0,
      stdout: "5 quotes from 1 file, all verbatim, coverage 100.0% of 李华's answer characters\n",
      stderr: '',
    });
  });

  it('validates a single file', async () => {
    expect((await cli(['validate', `${BROKEN}/d-other-source.yaml`])).code).toBe(1);
    expect((await cli(['validate', `${VALID}/tiny.yaml`])).code).toBe(0);
  });

  it('prints every problem readably and exits 1', async () => {
    const r = await cli(['validate', BROKEN]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${BROKEN}/c-quotes.yaml: quote "empty-question-en" field question.en: must not be empty\n`,
    );
    expect(r.stderr).toContain(`${BROKEN}/a-bad-yaml.yaml: invalid YAML:`);
    expect(r.stderr).toMatch(/\n17 problems found; 2 quotes from 2 files loaded fine\./);
  });

  it('without PATH checks quotes/ and QUOTES_DIR', async () => {
    const r = await cli(['validate'], { env: { QUOTES_DIR: BROKEN } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${BROKEN}/b-bad-source.yaml: field source.url: is required; file skipped`);
  });

  it('treats a missing PATH as a usage error, and a folder without quote files as a failure', async () => {
    expect((await cli(['validate', 'no/such/place'])).code).toBe(2);
    const empty = await cli(['validate', 'test/fixtures']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('found no quote files');
  });
});
