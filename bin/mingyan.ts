#!/usr/bin/env node
// The composition root: the only place that knows every adapter. src/ never imports adapters/ (see test/architecture).
import { runCli } from '../src/cli.js';
import { commands } from './commands.js';

const code = await runCli(
  process.argv.slice(2),
  {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  },
  commands,
);
process.exitCode = code;
// A stopped bot may still hold stdin or sockets open in a library; the shutdown has already finished its work.
if (process.argv[2] === 'start') process.exit(code);
