import { describe, expect, it } from 'vitest';
import { deckOrder, nextCard } from '../src/schedule/rotation.js';
import {
  addDays,
  isValidTimeZone,
  localDateOf,
  localTimeOf,
  weekdayOf,
  zonedInstant,
} from '../src/schedule/time.js';

const at = (date: string, time: string, zone: string) => zonedInstant(date, time, zone).toISOString();

describe('zonedInstant', () => {
  it('maps an ordinary local time to its instant', () => {
    expect(at('2025-06-01', '09:00', 'Asia/Shanghai')).toBe('2025-06-01T01:00:00.000Z');
    expect(at('2025-03-08', '09:00', 'America/New_York')).toBe('2025-03-08T14:00:00.000Z');
    expect(at('2025-03-10', '09:00', 'America/New_York')).toBe('2025-03-10T13:00:00.000Z');
  });

  it('New York spring-forward gap: 02:30 (never shown) becomes the first instant after the gap, 03:00 EDT', () => {
    expect(at('2025-03-09', '02:30', 'America/New_York')).toBe('2025-03-09T07:00:00.000Z');
    expect(at('2025-03-09', '02:00', 'America/New_York')).toBe('2025-03-09T07:00:00.000Z');
    expect(at('2025-03-09', '01:59', 'America/New_York')).toBe('2025-03-09T06:59:00.000Z');
    expect(at('2025-03-09', '03:00', 'America/New_York')).toBe('2025-03-09T07:00:00.000Z');
  });

  it('New York fall-back hour: 01:30 (shown twice) is its first occurrence, in EDT', () => {
    expect(at('2025-11-02', '01:30', 'America/New_York')).toBe('2025-11-02T05:30:00.000Z');
    expect(at('2025-11-02', '02:00', 'America/New_York')).toBe('2025-11-02T07:00:00.000Z');
  });

  it('London: 01:30 in the March gap is 02:00 BST; 01:30 in the October overlap is the BST one', () => {
    expect(at('2025-03-30', '01:30', 'Europe/London')).toBe('2025-03-30T01:00:00.000Z');
    expect(at('2025-10-26', '01:30', 'Europe/London')).toBe('2025-10-26T00:30:00.000Z');
    expect(at('2025-10-26', '09:00', 'Europe/London')).toBe('2025-10-26T09:00:00.000Z');
  });

  it('half-hour shifts (Lord Howe) too', () => {
    expect(at('2025-10-05', '02:15', 'Australia/Lord_Howe')).toBe('2025-10-04T15:30:00.000Z');
  });
});

describe('local dates', () => {
  it('reads the local date, time and weekday of an instant in a zone', () => {
    const t = new Date('2025-06-01T16:30:00Z');
    expect(localDateOf(t, 'Asia/Shanghai')).toBe('2025-06-02');
    expect(localDateOf(t, 'America/New_York')).toBe('2025-06-01');
    expect(localTimeOf(t, 'Asia/Shanghai')).toBe('00:30');
    expect(weekdayOf('2025-06-02')).toBe(1);
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });

  it('knows IANA zones and refuses made-up ones', () => {
    expect(isValidTimeZone('Europe/London')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('rotation', () => {
  const ids = ['a', 'b', 'c', 'd', 'e'];

  it('shuffles per channel and cycle, deterministically', () => {
    expect(deckOrder(ids, 'slack:T:C', 'insight', 1)).toEqual(
      deckOrder([...ids].reverse(), 'slack:T:C', 'insight', 1),
    );
    expect(deckOrder(ids, 'slack:T:C', 'insight', 1).sort()).toEqual(ids);
    const orders = new Set(['x', 'y', 'z', 'w'].map((c) => deckOrder(ids, c, 'insight', 1).join()));
    expect(orders.size).toBeGreaterThan(1);
  });

  it('deals every card once per cycle, then starts a new cycle that does not open with the last card', () => {
    const shown: string[] = [];
    let state = { cycle: 0, shown: new Set<string>(), lastShown: undefined as string | undefined };
    for (let i = 0; i < 15; i++) {
      const card = nextCard(ids, state, 'discord:G:C', 'insight')!;
      shown.push(card.quoteId);
      const sameCycle = card.cycle === state.cycle;
      state = {
        cycle: card.cycle,
        shown: new Set([...(sameCycle ? state.shown : []), card.quoteId]),
        lastShown: card.quoteId,
      };
    }
    for (const cycle of [0, 1, 2]) expect(new Set(shown.slice(cycle * 5, cycle * 5 + 5)).size).toBe(5);
    expect(shown[5]).not.toBe(shown[4]);
    expect(shown[10]).not.toBe(shown[9]);
  });

  it('an added quote joins the current cycle; a removed one is not dealt', () => {
    const state = { cycle: 1, shown: new Set(['a', 'b', 'c', 'd', 'e']), lastShown: 'e' };
    expect(nextCard([...ids, 'f'], state, 'c', 'insight')).toEqual({ quoteId: 'f', cycle: 1 });
    const partly = { cycle: 1, shown: new Set(['a', 'b']), lastShown: 'b' };
    const card = nextCard(['a', 'b', 'c'], partly, 'c', 'insight');
    expect(card).toEqual({ quoteId: 'c', cycle: 1 });
    expect(nextCard([], partly, 'c', 'insight')).toBeUndefined();
  });
});
