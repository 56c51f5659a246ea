import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LANGS, type Lang } from '../bot/reply.js';
import { toQuoteView } from '../bot/view.js';
import {
  CARD_LAYOUTS,
  CARD_THEMES,
  createCardRenderer,
  type CardLayout,
  type CardTheme,
} from '../card/index.js';
import { EXIT, failure, parseArgs, usageError, writeLine } from './common.js';
import { loadQuoteById } from './load.js';
import type { CliCommand } from './types.js';

const oneOf = <T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined =>
  value === undefined ? undefined : (allowed as readonly string[]).includes(value) ? (value as T) : undefined;

/** `mingyan card ID --out card.png`: one quote card as a PNG file. */
export const cardCommand: CliCommand = {
  name: 'card',
  usage:
    'card ID [--out FILE.png] [--layout landscape|portrait|square] [--theme light|dark] [--lang zh|en|both]',
  summary: 'draw a quote card (金句卡片) as a PNG: 1200×675, 1080×1350 portrait or 1080×1080 square',
  async run(args, io) {
    const parsed = parseArgs(args, { values: ['out', 'layout', 'theme', 'lang'] });
    if (!parsed.ok) return usageError(io, cardCommand, parsed.error);
    const { values, positionals } = parsed.value;
    if (positionals.length !== 1)
      return usageError(io, cardCommand, 'give exactly one quote ID (see: mingyan list)');
    const layout = oneOf<CardLayout>(values.get('layout'), CARD_LAYOUTS);
    const theme = oneOf<CardTheme>(values.get('theme'), CARD_THEMES);
    const lang = oneOf<Lang>(values.get('lang'), LANGS);
    if (values.has('layout') && !layout)
      return usageError(io, cardCommand, `--layout must be one of ${CARD_LAYOUTS.join(', ')}`);
    if (values.has('theme') && !theme)
      return usageError(io, cardCommand, `--theme must be one of ${CARD_THEMES.join(', ')}`);
    if (values.has('lang') && !lang)
      return usageError(io, cardCommand, `--lang must be one of ${LANGS.join(', ')}`);
    const out = values.get('out');
    if (out !== undefined && !out.toLowerCase().endsWith('.png'))
      return usageError(io, cardCommand, `--out names a PNG file (ending in .png), not "${out}"`);

    const found = loadQuoteById(io, cardCommand.name, positionals[0] as string);
    if (!found.ok) return found.error;
    const { quote, corpus } = found.value;
    let card;
    try {
      card = await createCardRenderer().render(toQuoteView(quote, corpus), { layout, theme, lang });
    } catch (error) {
      return failure(
        io,
        cardCommand,
        `could not draw the card: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const path = resolve(io.cwd, out ?? card.filename);
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, card.png);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      return failure(io, cardCommand, `cannot write ${path} (${code}): choose another --out`);
    }
    await writeLine(
      io.stdout,
      `${path} (${card.width}×${card.height}, ${Math.round(card.png.length / 1024)} KB)`,
    );
    return EXIT.ok;
  },
};
