import type { APIApplicationCommandOptionChoice } from 'discord.js';
import type { Lang } from '../../../src/bot/reply.js';
import { TOPIC_LABELS, TOPICS } from '../../../src/quotes/schema.js';

/** The topic vocabulary as fixed choices, labelled in English with Chinese localisations. */
export function topicChoices(): APIApplicationCommandOptionChoice<string>[] {
  return TOPICS.map((id) => ({
    name: TOPIC_LABELS[id].en,
    name_localizations: { 'zh-CN': TOPIC_LABELS[id].zh },
    value: id,
  }));
}

/** The three display languages as choices. */
export function languageChoices(): APIApplicationCommandOptionChoice<Lang>[] {
  return [
    { name: 'Chinese', name_localizations: { 'zh-CN': '中文' }, value: 'zh' },
    { name: 'English', name_localizations: { 'zh-CN': '英文' }, value: 'en' },
    { name: 'Chinese and English', name_localizations: { 'zh-CN': '中英双语' }, value: 'both' },
  ];
}
