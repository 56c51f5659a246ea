import type { Bilingual } from '../quotes/schema.js';

/** What the bot says about quote cards, in both languages. */
export const CARD_MESSAGES = Object.freeze({
  cardsOff: {
    zh: '这里没有开启金句卡片。',
    en: 'Quote cards are not available here.',
  } satisfies Bilingual,
  cardFailed: 'card unavailable right now',
  cardNote: '金句卡片 · Quote card',
});
