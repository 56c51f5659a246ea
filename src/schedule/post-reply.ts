import { ACTION_LABELS } from '../bot/messages.js';
import { encodeAction } from '../bot/payload.js';
import type { Action, Reply } from '../bot/reply.js';
import { toQuoteView } from '../bot/view.js';
import type { Corpus } from '../quotes/corpus.js';
import type { SubscriptionRecord } from '../store/types.js';

/** Note under a daily post. */
export const DAILY_NOTE = '今日名言 · Daily insight';

/** The "show context" button, with the bot's own payload encoding so `Bot.action` understands it. */
export function contextAction(quoteId: string): Action {
  return {
    kind: 'context',
    label: { ...ACTION_LABELS.context },
    payload: encodeAction({ kind: 'context', id: quoteId }),
  };
}

/** The Reply a scheduled post shows. Throws if the quote left the corpus (the caller records a failure). */
export function scheduledReply(
  sub: SubscriptionRecord,
  quoteId: string,
  corpus: Corpus,
  publicUrl?: string,
): Reply {
  const quote = corpus.byId.get(quoteId);
  if (!quote) throw new Error(`quote ${quoteId} is no longer in the corpus`);
  const view = toQuoteView(quote, corpus, publicUrl);
  const actions = [contextAction(quote.id)];
  if (sub.kind === 'daily') return { kind: 'quote', quote: view, lang: sub.lang, note: DAILY_NOTE, actions };
  if (!quote.prompt) throw new Error(`quote ${quoteId} has no discussion prompt`);
  return { kind: 'discussion', quote: view, lang: sub.lang, prompt: quote.prompt, actions };
}
