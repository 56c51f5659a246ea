import { randomBytes } from 'node:crypto';
import type { Action } from '../../src/bot/reply.js';
import { LIMITS } from './text.js';

/** Button kinds as one-letter codes, so the adapter knows how to present the answer to a press. */
const CODES: Readonly<Record<Action['kind'], string>> = Object.freeze({
  another: 'a',
  share: 's',
  context: 'c',
  random: 'r',
  discuss: 'd',
});
const KINDS = new Map(Object.entries(CODES).map(([kind, code]) => [code, kind as Action['kind']]));
const PREFIX = 'mg';

/** What a pressed button's custom_id decodes to. */
export type DecodedCustomId =
  | { status: 'ok'; kind: Action['kind']; payload: string }
  /** A long payload this process no longer remembers (restart, or evicted). */
  | { status: 'expired'; kind: Action['kind'] }
  /** Not a button of ours. */
  | { status: 'foreign' };

/** Turns actions into custom_ids (<= 100 chars) and back. */
export interface CustomIdCodec {
  /** The custom_id for a button. */
  encode(action: Pick<Action, 'kind' | 'payload'>): string;
  /** The action behind a custom_id. */
  decode(customId: string): DecodedCustomId;
}

/**
 * `mg:<code>:<payload>` when it fits; otherwise `mg:<code>~<token>` with the payload kept in a bounded
 * in-memory map (the bot keeps payloads short, so this is a guard, not the normal path). The token starts with
 * a random prefix chosen per codec (one per process): a button from before a restart then decodes as expired,
 * where a bare counter starting again at 0 would map it to whatever this process remembered under that number.
 */
export function createCustomIdCodec(
  maxRemembered = 5000,
  instance: string = randomBytes(4).toString('hex'),
): CustomIdCodec {
  const remembered = new Map<string, string>();
  let counter = 0;
  return {
    encode({ kind, payload }) {
      const direct = `${PREFIX}:${CODES[kind]}:${payload}`;
      if (direct.length <= LIMITS.customId) return direct;
      const token = `${instance}.${(counter++).toString(36)}`;
      remembered.set(token, payload);
      if (remembered.size > maxRemembered) {
        const oldest = remembered.keys().next().value;
        if (oldest !== undefined) remembered.delete(oldest);
      }
      return `${PREFIX}:${CODES[kind]}~${token}`;
    },
    decode(customId) {
      const match = /^mg:([a-z])([:~])(.*)$/s.exec(customId);
      const kind = match ? KINDS.get(match[1] ?? '') : undefined;
      if (!match || !kind) return { status: 'foreign' };
      const rest = match[3] ?? '';
      if (match[2] === ':') return { status: 'ok', kind, payload: rest };
      const payload = remembered.get(rest);
      return payload === undefined ? { status: 'expired', kind } : { status: 'ok', kind, payload };
    },
  };
}
