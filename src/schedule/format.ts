import type { Lang, Reply } from '../bot/reply.js';
import type { Bilingual } from '../quotes/schema.js';
import { localDateOf, localTimeOf } from './time.js';
import type { DueItem, OccurrenceRef, ScheduleEntry, TickReport } from './types.js';

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `every day`, `Mon-Fri` style lists stay short: `Mon Wed Fri`. */
export function formatDays(days: readonly number[]): string {
  if (days.length === 7) return 'every day';
  return days.map((d) => DAY_NAMES[d] ?? String(d)).join(' ');
}

/** `2025-03-09 03:00 America/New_York (2025-03-09T07:00:00.000Z)`. */
export function formatInstant(iso: string, zone: string): string {
  const at = new Date(iso);
  return `${localDateOf(at, zone)} ${localTimeOf(at, zone)} ${zone} (${iso})`;
}

/** The lines `schedule list` prints for one subscription. */
export function formatEntry(e: ScheduleEntry): string[] {
  const lines = [
    `#${e.id} ${e.channel} ${e.kind} ${e.time} ${e.timezone} ${formatDays(e.days)} lang=${e.lang}`,
  ];
  if (e.pausedReason !== undefined) lines.push(`    PAUSED: ${e.pausedReason} (subscribe again to resume)`);
  else lines.push(`    next: ${e.nextAt ? formatInstant(e.nextAt, e.timezone) : 'none in the next week'}`);
  const last = e.lastPost;
  if (last) {
    const detail = [
      last.quoteId && `quote ${last.quoteId}`,
      last.messageId && `message ${last.messageId}`,
      last.attempts > 1 && `${last.attempts} attempts`,
      last.status !== 'posted' && last.error,
    ].filter(Boolean);
    lines.push(`    last: ${last.localDate} ${last.status}${detail.length ? ` (${detail.join('; ')})` : ''}`);
  }
  return lines;
}

const refText = (r: OccurrenceRef): string => `#${r.subscriptionId} ${r.channel} ${r.kind} ${r.localDate}`;

/** The lines of the dry run. */
export function formatDue(items: readonly DueItem[], at: Date): string[] {
  if (items.length === 0) return [`nothing is due at ${at.toISOString()}`];
  return items.map((i) => {
    const what = i.action === 'missed' ? 'would record missed' : `would ${i.action}`;
    const quote = i.quoteId ? ` quote ${i.quoteId}` : '';
    const adapter =
      i.action === 'missed'
        ? ''
        : i.adapter === 'ready'
          ? ''
          : ` [no ${i.adapter === 'missing' ? '' : 'ready '}adapter here]`;
    return `${what}: ${refText(i)} (due ${i.scheduledAt})${quote}${adapter}`;
  });
}

/** The lines of a real run. */
export function formatReport(r: TickReport): string[] {
  const lines = [
    ...r.posted.map((p) => `posted: ${refText(p)} quote ${p.quoteId} message ${p.messageId}`),
    ...r.missed.map((m) => `missed: ${refText(m)} (due ${m.scheduledAt}, past the missed window)`),
    ...r.failed.map(
      (f) =>
        `failed: ${refText(f)} attempt ${f.attempt}: ${f.reason}${f.retryAt ? ` (retry at ${f.retryAt})` : ''}`,
    ),
    ...r.paused.map((p) => `paused: ${refText(p)}: ${p.reason}`),
    ...r.skipped.map((s) => `not posted: ${refText(s)}: ${s.reason}`),
    ...r.uncertain.map((u) =>
      u.reason !== undefined
        ? `uncertain: ${refText(u)} attempt ${u.attempt ?? 1}: ${u.reason}`
        : `uncertain: ${refText(u)} claimed ${u.claimedAt ?? '?'}, never confirmed; not re-posted`,
    ),
  ];
  return lines.length > 0 ? lines : [`nothing was due at ${r.at}`];
}

const inLang = (text: Bilingual, lang: Lang | undefined): string[] =>
  lang === 'zh' ? [text.zh] : lang === 'en' ? [text.en] : [text.zh, text.en];

/** Plain text of a scheduled post, for the command line's own shell:local printer. */
export function replyText(reply: Reply): string {
  if (reply.kind !== 'quote' && reply.kind !== 'discussion') return `(${reply.kind})`;
  const { quote, lang } = reply;
  const a = quote.attribution;
  const lines = [
    ...(reply.kind === 'quote' && reply.note ? [reply.note] : []),
    ...inLang({ zh: quote.text, en: quote.en }, lang),
    `— ${a.speaker.zh} ${a.speaker.en}, ${a.publication.zh}, ${a.date} ${a.url}`,
    ...(reply.kind === 'discussion' ? inLang(reply.prompt, lang).map((p) => `? ${p}`) : []),
    `id: ${quote.id}`,
  ];
  return lines.join('\n');
}
