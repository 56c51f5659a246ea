/**
 * Wall-clock arithmetic in IANA zones with Intl only (no tz library): what local date and weekday an instant
 * falls on, and which instant a local date + HH:MM means, including on daylight-saving days.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True for a zone Intl knows (e.g. Asia/Shanghai, Europe/London, UTC). */
export function isValidTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The local wall time of an instant, as milliseconds of a UTC date with the same fields. */
function wallMs(instantMs: number, zone: string): number {
  const fields: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') fields[p.type] = Number(p.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  return Date.UTC(year, month - 1, day, hour, minute, second) + (((instantMs % 1000) + 1000) % 1000);
}

/** UTC offset of the zone at an instant, in ms (New York in winter: -5 h). */
function offsetAt(instantMs: number, zone: string): number {
  return wallMs(instantMs, zone) - instantMs;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const dateOf = (ms: number): string => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};

/** YYYY-MM-DD of the instant in the zone. */
export function localDateOf(instant: Date, zone: string): string {
  return dateOf(wallMs(instant.getTime(), zone));
}

/** HH:MM of the instant in the zone. */
export function localTimeOf(instant: Date, zone: string): string {
  const d = new Date(wallMs(instant.getTime(), zone));
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Day of week of a local date, 0 = Sunday. */
export function weekdayOf(localDate: string): number {
  return new Date(`${localDate}T00:00:00Z`).getUTCDay();
}

/** The local date `n` days after (or before, if negative) `localDate`. */
export function addDays(localDate: string, n: number): string {
  return dateOf(new Date(`${localDate}T00:00:00Z`).getTime() + n * DAY_MS);
}

/**
 * The instant at which local `date` + `time` (HH:MM) happens in `zone`.
 * - Normal: the one instant showing that wall time.
 * - Fall-back overlap (01:30 on 2025-11-02 in New York happens twice): the first occurrence.
 * - Spring-forward gap (02:30 on 2025-03-09 in New York never happens): the first instant after the gap
 *   (03:00 EDT), so the post goes out once, as soon as the local day reaches that time.
 */
export function zonedInstant(date: string, time: string, zone: string): Date {
  const key = `${date} ${time} ${zone}`;
  let ms = instants.get(key);
  if (ms === undefined) {
    // Intl is slow (~0.2 ms a call) and every tick asks the same few questions: remember the answers.
    if (instants.size >= MAX_CACHED) instants.clear();
    ms = resolveInstant(date, time, zone);
    instants.set(key, ms);
  }
  return new Date(ms);
}

const MAX_CACHED = 20_000;
const instants = new Map<string, number>();

function resolveInstant(date: string, time: string, zone: string): number {
  const [h = 0, m = 0] = time.split(':').map(Number);
  const target = new Date(`${date}T00:00:00Z`).getTime() + (h * 60 + m) * 60_000;
  // Offsets in force around the target; a zone changes offset at most once in any 48 hours in practice.
  const offsets = [...new Set([-DAY_MS, 0, DAY_MS].map((d) => offsetAt(target + d, zone)))];
  const exact = offsets
    .map((o) => target - o)
    .filter((t) => wallMs(t, zone) === target)
    .sort((a, b) => a - b);
  if (exact[0] !== undefined) return exact[0];
  // In a gap: wall(lo) < target < wall(hi); find the first second whose wall time reaches the target.
  let lo = Math.floor((target - Math.max(...offsets)) / 1000);
  let hi = Math.ceil((target - Math.min(...offsets)) / 1000);
  if (wallMs(lo * 1000, zone) >= target || wallMs(hi * 1000, zone) < target) {
    return target - offsetAt(target, zone);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallMs(mid * 1000, zone) >= target) hi = mid;
    else lo = mid;
  }
  return hi * 1000;
}
