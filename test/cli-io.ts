import { PassThrough } from 'node:stream';
import type { CliIO } from '../src/cli/types.js';

/** A command's input and output in memory: what it wrote to stdout and stderr so far, as text. */
export type CapturedIO = CliIO & { out: () => string; err: () => string };

/** Captures a command's output; stdin is empty. */
export function captureIO(env: Record<string, string>, cwd: string): CapturedIO {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { stdout, stderr, stdin: new PassThrough(), env, cwd, out: () => out, err: () => err };
}
