import { suggestTimeZones as suggest } from '../../src/bot/zones.js';
import { LIMITS } from './text.js';

/** One autocomplete choice for a zone. */
export interface ZoneChoice {
  /** What the user sees. */
  name: string;
  /** The IANA id. */
  value: string;
}

/**
 * Zones matching what the user typed, best first: the zones an abbreviation may mean, Chinese and English
 * city names, then IANA names by city, by any part, anywhere. The same table the typed commands read.
 */
export function suggestTimeZones(
  partial: string,
  defaultZone: string,
  limit: number = LIMITS.choices,
): ZoneChoice[] {
  return suggest(partial, defaultZone, limit).map((c) => ({
    name: c.name.slice(0, LIMITS.choiceName),
    value: c.value,
  }));
}
