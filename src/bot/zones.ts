/**
 * What people type as a time zone, read as an IANA zone: IANA names in any case, city names (every city the
 * runtime's zone list names, plus a small table of Chinese names and aliases such as Beijing and San Francisco),
 * and a question instead of a guess for abbreviations and fixed offsets (EST, CET, GMT+8), which do not say
 * whether the clock follows daylight saving.
 */
import type { Bilingual } from '../quotes/schema.js';
import { err, ok, type Result } from '../result.js';
import { editDistance } from './text.js';

/** A zone the input resolved to. */
export interface ResolvedZone {
  /** The IANA zone, spelled as this runtime spells it. */
  zone: string;
  /** What was typed, when it was a city or alias rather than the zone's own name (`London`, `北京`). */
  from?: string;
}

/** Why the input is not a zone, and the zones it might mean (best first). */
export interface ZoneProblem {
  /** What to tell the user, in both languages. */
  message: Bilingual;
  /** IANA zones to offer instead. */
  options: string[];
}

/**
 * Cities and places people type that are not the last part of an IANA zone name, in Chinese (simplified and
 * traditional) and English. Cities that are (London, Tokyo, New_York...) come from the runtime's own list.
 */
const ALIASES: Readonly<Record<string, string>> = Object.freeze({
  // China has one zone, named after Shanghai.
  北京: 'Asia/Shanghai',
  beijing: 'Asia/Shanghai',
  peking: 'Asia/Shanghai',
  上海: 'Asia/Shanghai',
  中国: 'Asia/Shanghai',
  中國: 'Asia/Shanghai',
  china: 'Asia/Shanghai',
  深圳: 'Asia/Shanghai',
  shenzhen: 'Asia/Shanghai',
  广州: 'Asia/Shanghai',
  廣州: 'Asia/Shanghai',
  guangzhou: 'Asia/Shanghai',
  杭州: 'Asia/Shanghai',
  hangzhou: 'Asia/Shanghai',
  成都: 'Asia/Shanghai',
  chengdu: 'Asia/Shanghai',
  南京: 'Asia/Shanghai',
  nanjing: 'Asia/Shanghai',
  武汉: 'Asia/Shanghai',
  wuhan: 'Asia/Shanghai',
  西安: 'Asia/Shanghai',
  苏州: 'Asia/Shanghai',
  天津: 'Asia/Shanghai',
  重庆: 'Asia/Shanghai',
  重慶: 'Asia/Shanghai',
  chongqing: 'Asia/Shanghai',
  香港: 'Asia/Hong_Kong',
  hongkong: 'Asia/Hong_Kong',
  hk: 'Asia/Hong_Kong',
  澳门: 'Asia/Macau',
  澳門: 'Asia/Macau',
  台北: 'Asia/Taipei',
  臺北: 'Asia/Taipei',
  台湾: 'Asia/Taipei',
  台灣: 'Asia/Taipei',
  taiwan: 'Asia/Taipei',
  新加坡: 'Asia/Singapore',
  东京: 'Asia/Tokyo',
  東京: 'Asia/Tokyo',
  日本: 'Asia/Tokyo',
  japan: 'Asia/Tokyo',
  首尔: 'Asia/Seoul',
  首爾: 'Asia/Seoul',
  韩国: 'Asia/Seoul',
  korea: 'Asia/Seoul',
  印度: 'Asia/Kolkata',
  india: 'Asia/Kolkata',
  mumbai: 'Asia/Kolkata',
  孟买: 'Asia/Kolkata',
  delhi: 'Asia/Kolkata',
  new_delhi: 'Asia/Kolkata',
  新德里: 'Asia/Kolkata',
  bangalore: 'Asia/Kolkata',
  bengaluru: 'Asia/Kolkata',
  kolkata: 'Asia/Kolkata',
  calcutta: 'Asia/Kolkata',
  kyiv: 'Europe/Kyiv',
  kiev: 'Europe/Kyiv',
  ho_chi_minh: 'Asia/Ho_Chi_Minh',
  saigon: 'Asia/Ho_Chi_Minh',
  胡志明市: 'Asia/Ho_Chi_Minh',
  yangon: 'Asia/Yangon',
  迪拜: 'Asia/Dubai',
  悉尼: 'Australia/Sydney',
  雪梨: 'Australia/Sydney',
  墨尔本: 'Australia/Melbourne',
  伦敦: 'Europe/London',
  倫敦: 'Europe/London',
  英国: 'Europe/London',
  uk: 'Europe/London',
  england: 'Europe/London',
  巴黎: 'Europe/Paris',
  法国: 'Europe/Paris',
  柏林: 'Europe/Berlin',
  德国: 'Europe/Berlin',
  莫斯科: 'Europe/Moscow',
  纽约: 'America/New_York',
  紐約: 'America/New_York',
  nyc: 'America/New_York',
  boston: 'America/New_York',
  波士顿: 'America/New_York',
  washington: 'America/New_York',
  华盛顿: 'America/New_York',
  philadelphia: 'America/New_York',
  atlanta: 'America/New_York',
  miami: 'America/New_York',
  芝加哥: 'America/Chicago',
  dallas: 'America/Chicago',
  houston: 'America/Chicago',
  austin: 'America/Chicago',
  旧金山: 'America/Los_Angeles',
  舊金山: 'America/Los_Angeles',
  san_francisco: 'America/Los_Angeles',
  sf: 'America/Los_Angeles',
  silicon_valley: 'America/Los_Angeles',
  硅谷: 'America/Los_Angeles',
  矽谷: 'America/Los_Angeles',
  san_jose: 'America/Los_Angeles',
  seattle: 'America/Los_Angeles',
  西雅图: 'America/Los_Angeles',
  西雅圖: 'America/Los_Angeles',
  洛杉矶: 'America/Los_Angeles',
  洛杉磯: 'America/Los_Angeles',
  温哥华: 'America/Vancouver',
  溫哥華: 'America/Vancouver',
  多伦多: 'America/Toronto',
  多倫多: 'America/Toronto',
  montreal: 'America/Toronto',
});

/** Zones people look for first (autocomplete with nothing typed, and offers for a fixed offset). */
const POPULAR_ZONES: readonly string[] = Object.freeze([
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Asia/Taipei',
  'Asia/Singapore',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Asia/Kolkata',
  'Asia/Dubai',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Moscow',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Australia/Perth',
  'Australia/Sydney',
  'Pacific/Auckland',
  'UTC',
]);

/**
 * Abbreviations and the zones they usually stand for, in a rough order of how often each is meant. The last
 * option of each is the fixed offset, for the rare case that is really what is wanted.
 */
const ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  est: ['America/New_York', 'America/Toronto', 'Etc/GMT+5'],
  edt: ['America/New_York', 'America/Toronto', 'Etc/GMT+4'],
  et: ['America/New_York', 'America/Toronto'],
  cst: ['America/Chicago', 'Asia/Shanghai', 'America/Mexico_City', 'Etc/GMT+6'],
  cdt: ['America/Chicago', 'Etc/GMT+5'],
  ct: ['America/Chicago'],
  mst: ['America/Denver', 'America/Phoenix', 'Etc/GMT+7'],
  mdt: ['America/Denver', 'Etc/GMT+6'],
  mt: ['America/Denver', 'America/Phoenix'],
  pst: ['America/Los_Angeles', 'America/Vancouver', 'Etc/GMT+8'],
  pdt: ['America/Los_Angeles', 'America/Vancouver', 'Etc/GMT+7'],
  pt: ['America/Los_Angeles', 'America/Vancouver'],
  akst: ['America/Anchorage', 'Etc/GMT+9'],
  hst: ['Pacific/Honolulu'],
  gmt: ['Europe/London', 'UTC'],
  bst: ['Europe/London', 'Etc/GMT-1'],
  wet: ['Europe/Lisbon', 'Etc/GMT'],
  cet: ['Europe/Berlin', 'Europe/Paris', 'Europe/Amsterdam', 'Etc/GMT-1'],
  cest: ['Europe/Berlin', 'Europe/Paris', 'Europe/Amsterdam', 'Etc/GMT-2'],
  eet: ['Europe/Athens', 'Europe/Helsinki', 'Europe/Kyiv', 'Etc/GMT-2'],
  eest: ['Europe/Athens', 'Europe/Helsinki', 'Europe/Kyiv', 'Etc/GMT-3'],
  msk: ['Europe/Moscow'],
  ist: ['Asia/Kolkata', 'Europe/Dublin', 'Asia/Jerusalem'],
  gst: ['Asia/Dubai'],
  sgt: ['Asia/Singapore'],
  hkt: ['Asia/Hong_Kong'],
  bjt: ['Asia/Shanghai'],
  jst: ['Asia/Tokyo'],
  kst: ['Asia/Seoul'],
  awst: ['Australia/Perth'],
  acst: ['Australia/Adelaide', 'Australia/Darwin'],
  aest: ['Australia/Sydney', 'Australia/Melbourne', 'Australia/Brisbane', 'Etc/GMT-10'],
  aedt: ['Australia/Sydney', 'Australia/Melbourne', 'Etc/GMT-11'],
  nzst: ['Pacific/Auckland', 'Etc/GMT-12'],
  nzdt: ['Pacific/Auckland', 'Etc/GMT-13'],
});

/** `UTC+8`, `GMT-05:00`, `+08:00`, `utc+5:30`: a fixed offset from UTC, in minutes east. */
const OFFSET = /^(?:utc|gmt)?\s*([+\-\u2212])\s*(\d{1,2})(?::?(\d{2}))?$/i;

const key = (s: string): string =>
  s
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');

let cityIndex: ReadonlyMap<string, string> | undefined;
/** The runtime's zones by the key of their last part (`london` -> Europe/London), computed once. */
function cities(): ReadonlyMap<string, string> {
  if (cityIndex) return cityIndex;
  const index = new Map<string, string>();
  for (const zone of allTimeZones()) {
    if (!zone.includes('/') || zone.startsWith('Etc/')) continue;
    const city = key(zone.slice(zone.lastIndexOf('/') + 1));
    if (!index.has(city)) index.set(city, zone);
  }
  cityIndex = index;
  return index;
}

let zoneList: readonly string[] | undefined;
/** Every IANA zone this runtime knows, plus UTC (which Node does not list). */
function allTimeZones(): readonly string[] {
  zoneList ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return zoneList;
}

/** The runtime's spelling of a zone (`asia/shanghai` -> Asia/Shanghai; Asia/Kolkata may be Asia/Calcutta). */
function canonical(zone: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone) || zone.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The city or alias a key names, as a canonical zone. */
function place(k: string): string | undefined {
  const alias = ALIASES[k] ?? ALIASES[k.replace(/_/g, '')];
  if (alias) return canonical(alias);
  return cities().get(k);
}

/** A zone's UTC offset at an instant, in minutes east. */
function offsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(parts ?? '');
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

const list = (zones: readonly string[], or: string, sep = ', '): string =>
  zones.length <= 1 ? (zones[0] ?? '') : `${zones.slice(0, -1).join(sep)} ${or} ${zones[zones.length - 1]}`;

/** `Etc/GMT+5` as `UTC−5` (the Etc zones count the other way round). */
function fixedLabel(zone: string): string {
  const m = /^Etc\/GMT([+-])(\d+)$/.exec(zone);
  if (!m) return 'UTC';
  return `UTC${m[1] === '+' ? '\u2212' : '+'}${m[2]}`;
}

/** The question asked for an abbreviation or offset: which of these zones is meant. */
function ask(typed: string, options: readonly string[], offset: boolean): ZoneProblem {
  const opts = [...new Set(options.map((o) => canonical(o) ?? o))];
  const why = offset
    ? {
        zh: `“${typed}” 是一个固定的时差,它不跟随夏令时。`,
        en: `“${typed}” is a fixed offset from UTC, which never follows daylight saving.`,
      }
    : {
        zh: `“${typed}” 是时区缩写,看不出是否跟随夏令时(有的缩写还对应好几个地方)。`,
        en: `“${typed}” is an abbreviation, which does not say whether the clock follows daylight saving (and some stand for several places).`,
      };
  const isFixed = (o: string): boolean => o.startsWith('Etc/') || o === 'UTC';
  const fixed = opts.filter(isFixed);
  const places = opts.filter((o) => !isFixed(o));
  const fixedText = {
    zh: fixed.map((f) => (f === 'UTC' ? 'UTC(不用夏令时)' : `${f}(全年固定 ${fixedLabel(f)})`)).join('、'),
    en: fixed
      .map((f) => (f === 'UTC' ? 'UTC (no daylight saving)' : `${f} (${fixedLabel(f)} all year)`))
      .join(', '),
  };
  const placeText = {
    zh: places.length ? `${list(places, '或', '、')}(地名时区自动跟随当地的夏令时)` : '',
    en: places.length ? `${list(places, 'or')} (a place's zone follows its own daylight-saving rules)` : '',
  };
  const choice = {
    zh: [placeText.zh, fixedText.zh].filter(Boolean).join(',还是 '),
    en: [placeText.en, fixedText.en].filter(Boolean).join(', or '),
  };
  return {
    options: opts,
    message: { zh: `${why.zh}你指的是 ${choice.zh}?`, en: `${why.en} Which do you mean: ${choice.en}?` },
  };
}

/** The popular zones at a fixed offset now, plus the Etc/GMT zone for that offset (whose sign is inverted). */
function offsetOptions(minutes: number, now: Date): string[] {
  const same = POPULAR_ZONES.filter((z) => z !== 'UTC' && offsetMinutes(z, now) === minutes);
  const hours = minutes / 60;
  const etc =
    Number.isInteger(hours) && Math.abs(hours) <= 14
      ? [hours === 0 ? 'UTC' : `Etc/GMT${hours > 0 ? '-' : '+'}${Math.abs(hours)}`]
      : [];
  return [...same, ...etc];
}

/** Zones whose city is a near miss of the input (`Londn`, `Shanghia`), closest first. */
function nearCities(k: string): string[] {
  if (k.length < 3) return [];
  const slack = k.length <= 5 ? 1 : 2;
  const scored: { zone: string; d: number }[] = [];
  const consider = (name: string, zone: string | undefined): void => {
    if (!zone) return;
    const d = editDistance(k, name);
    if (d <= slack) scored.push({ zone, d });
  };
  for (const [city, zone] of cities()) consider(city, zone);
  for (const [alias, zone] of Object.entries(ALIASES))
    if (/^[a-z_]+$/.test(alias)) consider(alias, canonical(zone));
  scored.sort((a, b) => a.d - b.d);
  return [...new Set(scored.map((s) => s.zone))].slice(0, 3);
}

/**
 * Reads a time zone as typed: an IANA name in any case (`asia/shanghai`), a city (`London`, `New York`, `北京`,
 * `San Francisco`), or UTC. An abbreviation or offset (`EST`, `CET`, `GMT+8`) is refused with the zones it may
 * mean, because picking one silently would get daylight saving wrong for half the year (EST is America/Panama
 * to the runtime). `now` decides which zones share a fixed offset.
 */
export function resolveTimeZone(input: string, now: Date = new Date()): Result<ResolvedZone, ZoneProblem> {
  const typed = input.normalize('NFKC').trim().replace(/\s+/g, ' ');
  const k = key(typed);
  if (k === 'utc' || k === 'etc/utc' || k === 'z' || k === 'zulu') return ok({ zone: 'UTC' });
  const abbreviation = ABBREVIATIONS[k];
  if (abbreviation) return err(ask(typed, abbreviation, false));
  const offset = OFFSET.exec(typed);
  if (offset) {
    const sign = offset[1] === '+' ? 1 : -1;
    const minutes = sign * (Number(offset[2]) * 60 + Number(offset[3] ?? 0));
    return err(ask(typed, offsetOptions(minutes, now), true));
  }
  if (typed.includes('/')) {
    const zone = canonical(typed.replace(/ /g, '_'));
    if (zone) return ok({ zone });
  }
  const city = place(k);
  if (city) return ok({ zone: city, from: typed });
  // Legacy names the runtime still accepts without a slash (EST5EDT, PST8PDT, MST7MDT, Cuba...): named zones
  // with a region are fine; a bare abbreviation-like one is asked about like the abbreviations above.
  const legacy = canonical(typed);
  if (legacy)
    return legacy.includes('/') ? ok({ zone: legacy, from: typed }) : err(ask(typed, [legacy], false));
  const near = nearCities(k);
  const refuse = (zh: string, en: string): Result<ResolvedZone, ZoneProblem> =>
    err({ options: near, message: { zh, en } });
  if (near.length > 0)
    return refuse(
      `不认识时区 “${typed}”。你是不是想用 ${list(near, '或', '、')}?`,
      `“${typed}” is not a time zone I know. Did you mean ${list(near, 'or')}?`,
    );
  return refuse(
    `不认识时区 “${typed}”:请用城市名或 IANA 时区名,例如 北京、London、Asia/Shanghai、Europe/London、America/New_York。`,
    `“${typed}” is not a time zone I know: use a city or an IANA name such as Beijing, London, Asia/Shanghai, Europe/London or America/New_York.`,
  );
}

/** Zones for an autocomplete box, best first: aliases and cities starting with the input, then any zone part. */
export function suggestTimeZones(
  partial: string,
  defaultZone: string,
  limit: number,
): { name: string; value: string }[] {
  const q = key(partial);
  const out: { name: string; value: string }[] = [];
  const seen = new Set<string>();
  const add = (zone: string | undefined, name = zone): void => {
    if (!zone || !name || seen.has(zone) || out.length >= limit) return;
    seen.add(zone);
    out.push({ name, value: zone });
  };
  if (q === '') {
    for (const z of [defaultZone, ...POPULAR_ZONES]) add(canonical(z) ?? z);
    return out;
  }
  for (const zone of ABBREVIATIONS[q] ?? []) add(canonical(zone), `${canonical(zone)} (${partial.trim()}?)`);
  for (const [alias, zone] of Object.entries(ALIASES)) {
    const a = key(alias);
    if (a.startsWith(q) || (q.length >= 2 && a.includes(q)))
      add(canonical(zone), `${canonical(zone)} (${alias.replace(/_/g, ' ')})`);
  }
  const ranked = allTimeZones()
    .map((zone) => ({ zone, rank: rank(key(zone), q) }))
    .filter((r) => r.rank < 4)
    .sort((a, b) => a.rank - b.rank || a.zone.localeCompare(b.zone));
  for (const r of ranked) add(r.zone);
  return out;
}

function rank(zone: string, q: string): number {
  if (zone === q) return 0;
  const parts = zone.split('/');
  if ((parts[parts.length - 1] ?? '').startsWith(q)) return 1;
  if (parts.some((p) => p.startsWith(q)) || zone.startsWith(q)) return 2;
  return zone.includes(q) ? 3 : 4;
}
