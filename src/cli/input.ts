import { fstatSync } from 'node:fs';
import { isatty } from 'node:tty';

/** What a process reads from: a terminal, data (a pipe, a file, a socket), or nothing at all. */
export type InputKind = 'terminal' | 'data' | 'none';

/**
 * What file descriptor `fd` (stdin by default) is. Closed, or a character device that is not a terminal (that is
 * /dev/null: what Docker, Compose without `stdin_open`, systemd and cron give a process) counts as no input; a
 * pipe counts as data even before anything arrives, so `printf '/quote\n' | npm start` still gets the shell.
 */
export function inputKind(fd = 0): InputKind {
  let stats;
  try {
    stats = fstatSync(fd);
  } catch {
    return 'none';
  }
  if (isatty(fd)) return 'terminal';
  return stats.isCharacterDevice() ? 'none' : 'data';
}
