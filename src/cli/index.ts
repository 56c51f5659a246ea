import { cardCommand } from './card.js';
import { listCommand, randomCommand, showCommand, topicsCommand } from './browse.js';
import { searchCommand } from './search.js';
import type { CliCommand } from './types.js';
import { validateCommand } from './validate.js';

export { searchCommand } from './search.js';
export { listCommand, randomCommand, showCommand, topicsCommand } from './browse.js';
export { validateCommand } from './validate.js';
export { cardCommand } from './card.js';

/** The commands that need nothing but the quote files; the composition root adds start, schedule, doctor… */
export const coreCommands: CliCommand[] = [
  searchCommand,
  listCommand,
  showCommand,
  randomCommand,
  topicsCommand,
  validateCommand,
  cardCommand,
];
