#!/usr/bin/env node
// The composition root: the only place that knows every adapter. src/ never imports adapters/ (see test/architecture).
import { createDiscordAdapter } from '../adapters/discord/index.js';
import { discordRegisterCommand } from '../adapters/discord/register-command.js';
import { createShellAdapter } from '../adapters/shell/index.js';
import { createSlackAdapter } from '../adapters/slack/index.js';
import { slackManifestCommand } from '../adapters/slack/manifest-command.js';
import { runCli } from '../src/cli.js';
import { coreCommands } from '../src/cli/index.js';
import { createStartCommand } from '../src/cli/start.js';
import { doctorCommand } from '../src/doctor.js';
import { scheduleCommand } from '../src/schedule/cli.js';
import { dbCommand } from '../src/store/cli.js';

const start = createStartCommand({
  shell: (io, onExit) =>
    createShellAdapter({
      input: io.stdin,
      output: io.stdout,
      interactive: io.stdin.isTTY === true,
      // No fixed width: the adapter follows the terminal's columns as it is resized.
      onExit,
    }),
  slack: createSlackAdapter,
  discord: createDiscordAdapter,
});

const code = await runCli(
  process.argv.slice(2),
  {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  },
  [
    ...coreCommands,
    start,
    scheduleCommand,
    dbCommand,
    doctorCommand,
    slackManifestCommand,
    discordRegisterCommand,
  ],
);
process.exitCode = code;
// A stopped bot may still hold stdin or sockets open in a library; the shutdown has already finished its work.
if (process.argv[2] === 'start') process.exit(code);
