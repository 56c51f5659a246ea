import type { Bilingual } from '../quotes/schema.js';
import { err, ok, type Result } from '../result.js';
import { resolveTimeZone } from './zones.js';

/** Short English day names, index = day of week (0 = Sunday), as JavaScript's Date numbers them. */
export const DAY_NAMES: Readonly<Record<number, Bilingual>> = Object.freeze({
  0: { zh: '周日', en: 'Sun' },
  1: { zh: '周一', en: 'Mon' },
  2: { zh: '周二', en: 'Tue' },
  3: { zh: '周三', en: 'Wed' },
  4: { zh: '周四', en: 'Thu' },
  5: { zh: '周五', en: 'Fri' },
  6: { zh: '周六', en: 'Sat' },
});

const DAY_WORDS: ReadonlyMap<string, number> = new Map(
  (
    [
      [0, ['sun', 'sunday', '日', '天']],
      [1, ['mon', 'monday', '一']],
      [2, ['tue', 'tues', 'tuesday', '二']],
      [3, ['wed', 'wednesday', '三']],
      [4, ['thu', 'thur', 'thurs', 'thursday', '四']],
      [5, ['fri', 'friday', '五']],
      [6, ['sat', 'saturday', '六']],
    ] as const
  ).flatMap(([day, words]) =>
    words.flatMap((w) =>
      /^[a-z]/.test(w) ? [[w, day] as const] : ['周', '星期', '礼拜'].map((p) => [p + w, day] as const),
    ),
  ),
);

const DAY_SETS: ReadonlyMap<string, number[]> = new Map([
  ['weekdays', [1, 2, 3, 4, 5]],
  ['工作日', [1, 2, 3, 4, 5]],
  ['weekends', [0, 6]],
  ['周末', [0, 6]],
  ['everyday', [0, 1, 2, 3, 4, 5, 6]],
  ['每天', [0, 1, 2, 3, 4, 5, 6]],
]);

/** A token the parser should read as days: `mon`, `周一`, `mon,thu`, `mon-fri`, `weekdays`. */
export function parseDays(token: string): number[] | undefined {
  const t = token.toLowerCase();
  const set = DAY_SETS.get(t);
  if (set) return [...set];
  const days = new Set<number>();
  for (const part of t.split(/[,，、]/)) {
    const range = part.split('-');
    if (range.length === 2) {
      const from = DAY_WORDS.get(range[0] ?? '');
      const to = DAY_WORDS.get(range[1] ?? '');
      if (from === undefined || to === undefined) return undefined;
      for (let d = from; ; d = (d + 1) % 7) {
        days.add(d);
        if (d === to) break;
      }
      continue;
    }
    const day = DAY_WORDS.get(part);
    if (day === undefined) return undefined;
    days.add(day);
  }
  return days.size > 0 ? [...days].sort((a, b) => a - b) : undefined;
}

/** Whether a token is an attempt at a time of day (anything starting with a digit), right or wrong. */
export function looksLikeTime(token: string): boolean {
  return /^\d/.test(token);
}

const badTime = (token: string): Bilingual => ({
  zh: `看不懂时间 “${token}”:请用 24 小时制 HH:MM,例如 09:00 或 18:30。`,
  en: `“${token}” is not a time: use 24-hour HH:MM, for example 09:00 or 18:30.`,
});

/** Reads `9:00`, `09:00`, `0900`, `9`, `9am`, `6:30pm`, `9点`, `9点半` as `HH:MM`; anything else is refused. */
export function parseTime(token: string): Result<string, Bilingual> {
  const t = token.trim().toLowerCase();
  let hour: number;
  let minute: number;
  let meridiem: string | undefined;
  const colon = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?$/.exec(t);
  const compact = /^(\d{1,2})(\d{2})\s*(am|pm)?$/.exec(t);
  const chinese = /^(\d{1,2})[点時时](?:(\d{1,2})分?|(半))?$/.exec(t);
  if (colon) {
    hour = Number(colon[1]);
    minute = Number(colon[2] ?? 0);
    meridiem = colon[3];
  } else if (compact) {
    hour = Number(compact[1]);
    minute = Number(compact[2]);
    meridiem = compact[3];
  } else if (chinese) {
    hour = Number(chinese[1]);
    minute = chinese[3] ? 30 : Number(chinese[2] ?? 0);
  } else {
    return err(badTime(token));
  }
  if (meridiem) {
    if (hour < 1 || hour > 12) return err(badTime(token));
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return err(badTime(token));
  return ok(`${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
}

/**
 * The IANA zone for what was typed (`asia/shanghai`, `London`, `北京` -> Asia/Shanghai); refused, with the zones
 * it may mean, for an abbreviation or offset such as EST or GMT+8 (see resolveTimeZone).
 */
export function canonicalTimeZone(zone: string): Result<string, Bilingual> {
  const resolved = resolveTimeZone(zone);
  return resolved.ok ? ok(resolved.value.zone) : err(resolved.error.message);
}

/** The calendar date (`YYYY-MM-DD`) of an instant in a zone. */
export function localDateIn(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** `YYYY-MM-DD HH:MM` of an instant in a zone (24-hour), or the input unchanged if it is no instant or no zone. */
export function localDateTimeIn(iso: string, timeZone: string): string {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return iso;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(when);
  } catch {
    // A zone this runtime does not know (a stored row from a newer tz database): show the instant as stored.
    return iso;
  }
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
