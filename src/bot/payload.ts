/** Longest payload we produce: Discord's custom_id allows 100 characters, and adapters may prefix a few. */
export const MAX_PAYLOAD_LENGTH = 90;

/** What a button press asks for, decoded from its payload. */
export type ActionRequest =
  | { kind: 'random' }
  | { kind: 'search'; query: string; offset: number }
  | { kind: 'topic'; topic: string; offset: number }
  | { kind: 'discuss'; query: string; offset: number }
  | { kind: 'share'; id: string }
  | { kind: 'context'; id: string };

const PAGED = { search: 'n', topic: 't', discuss: 'd' } as const;
const ID_TAGS = { share: 's', context: 'c' } as const;

/**
 * Encodes a request as a compact payload: `r`, `n|<offset>|<query>`, `t|<offset>|<topic>`,
 * `d|<offset>|<query>`, `s|<id>`, `c|<id>`. Long queries are cut so the payload stays within the limit.
 */
export function encodeAction(request: ActionRequest): string {
  switch (request.kind) {
    case 'random':
      return 'r';
    case 'share':
    case 'context':
      return `${ID_TAGS[request.kind]}|${fit(request.id, MAX_PAYLOAD_LENGTH - 2)}`;
    default: {
      const head = `${PAGED[request.kind]}|${request.offset}|`;
      const body = request.kind === 'topic' ? request.topic : request.query;
      return head + fit(body, MAX_PAYLOAD_LENGTH - head.length);
    }
  }
}

/**
 * The longest prefix of `text` within `room` UTF-16 units (what JavaScript's `length` and most platform limits
 * count), never splitting a surrogate pair. No ellipsis: a cut query is searched again as it is.
 */
function fit(text: string, room: number): string {
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > room) break;
    out += ch;
  }
  return out.trim();
}

/** Decodes a payload; anything stale, foreign or garbled is undefined (the bot answers with a notice). */
export function decodeAction(payload: string): ActionRequest | undefined {
  if (typeof payload !== 'string' || payload.length > 200) return undefined;
  if (payload === 'r') return { kind: 'random' };
  const tag = payload.slice(0, 2);
  const rest = payload.slice(2);
  if (tag === 's|' || tag === 'c|') {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rest)) return undefined;
    return { kind: tag === 's|' ? 'share' : 'context', id: rest };
  }
  const bar = rest.indexOf('|');
  if (bar < 1) return undefined;
  const offsetText = rest.slice(0, bar);
  const body = rest.slice(bar + 1);
  // Only a discussion may have no query ("any prompt").
  if (!/^\d{1,4}$/.test(offsetText) || (body.trim() === '' && tag !== 'd|')) return undefined;
  const offset = Number(offsetText);
  switch (tag) {
    case 'n|':
      return { kind: 'search', query: body, offset };
    case 't|':
      return { kind: 'topic', topic: body, offset };
    case 'd|':
      return { kind: 'discuss', query: body, offset };
    default:
      return undefined;
  }
}
