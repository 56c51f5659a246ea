import { LIMITS } from './text.js';

/** Zones people look for first, after the configured default. */
const POPULAR = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Europe/London',
  'Europe/Berlin',
  'America/New_York',
  'America/Los_Angeles',
  'UTC',
];

/** Names people type that are not IANA ids (China has one zone, named after Shanghai). */
const ALIASES: Readonly<Record<string, string>> = Object.freeze({
  北京: 'Asia/Shanghai',
  beijing: 'Asia/Shanghai',
  上海: 'Asia/Shanghai',
  中国: 'Asia/Shanghai',
  china: 'Asia/Shanghai',
  深圳: 'Asia/Shanghai',
  杭州: 'Asia/Shanghai',
  香港: 'Asia/Hong_Kong',
  台北: 'Asia/Taipei',
  新加坡: 'Asia/Singapore',
  东京: 'Asia/Tokyo',
  伦敦: 'Europe/London',
  纽约: 'America/New_York',
  旧金山: 'America/Los_Angeles',
  'san francisco': 'America/Los_Angeles',
  seattle: 'America/Los_Angeles',
  西雅图: 'America/Los_Angeles',
  gmt: 'UTC',
});

let zones: readonly string[] | undefined;
/** Every IANA zone this runtime knows, plus UTC (which Node does not list). Computed once, on first use. */
function allZones(): readonly string[] {
  zones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return zones;
}

const norm = (s: string): string =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** One autocomplete choice for a zone. */
export interface ZoneChoice {
  /** What the user sees. */
  name: string;
  /** The IANA id. */
  value: string;
}

/** Zones matching what the user typed, best first: exact, city prefix, any part's prefix, anywhere. */
export function suggestTimeZones(
  partial: string,
  defaultZone: string,
  limit: number = LIMITS.choices,
): ZoneChoice[] {
  const q = norm(partial);
  const choices: ZoneChoice[] = [];
  const seen = new Set<string>();
  const add = (zone: string, name = zone): void => {
    if (seen.has(zone) || choices.length >= limit) return;
    seen.add(zone);
    choices.push({ name, value: zone });
  };
  if (q === '') {
    for (const z of [defaultZone, ...POPULAR]) add(z);
    return choices;
  }
  for (const [alias, zone] of Object.entries(ALIASES))
    if (norm(alias).startsWith(q) || (q.length >= 2 && norm(alias).includes(q)))
      add(zone, `${zone} (${alias})`);
  const ranked = allZones()
    .map((zone) => ({ zone, rank: rank(norm(zone), q) }))
    .filter((r) => r.rank < 4)
    .sort((a, b) => a.rank - b.rank || a.zone.localeCompare(b.zone));
  for (const r of ranked) add(r.zone);
  return choices;
}

function rank(zone: string, q: string): number {
  if (zone === q) return 0;
  const parts = zone.split('/');
  if ((parts[parts.length - 1] ?? '').startsWith(q)) return 1;
  if (parts.some((p) => p.startsWith(q)) || zone.startsWith(q)) return 2;
  return zone.includes(q) ? 3 : 4;
}
