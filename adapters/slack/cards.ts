import type { webApi } from '@slack/bolt';
import type { Lang, Reply } from '../../src/bot/reply.js';
import { escapeText, link, truncateEscaped } from './text.js';

type QuoteReply = Extract<Reply, { kind: 'quote' }>;

/** Slack's limit on a file comment; the quote and its attribution stay far below it. */
const COMMENT_LIMIT = 3500;

/** The comment under an uploaded card: who shared it, the quote as text (searchable), attribution, permalink. */
export function cardComment(reply: QuoteReply, sharedBy?: string): string {
  const q = reply.quote;
  const lang: Lang = reply.lang;
  const lines: string[] = [];
  if (sharedBy) {
    const who = truncateEscaped(sharedBy, 80);
    lines.push(
      lang === 'zh'
        ? `${who} 分享了一张金句卡片`
        : lang === 'en'
          ? `${who} shared a quote card`
          : `${who} 分享了一张金句卡片 · shared a quote card`,
    );
  }
  if (lang !== 'en') lines.push(`> ${escapeText(q.text)}`);
  if (lang !== 'zh') lines.push(`> ${escapeText(q.en)}`);
  const a = q.attribution;
  const who = lang === 'zh' ? a.speaker.zh : lang === 'en' ? a.speaker.en : `${a.speaker.zh} ${a.speaker.en}`;
  const where = lang === 'en' ? a.publication.en : a.publication.zh;
  lines.push(`— ${escapeText(who)} · ${escapeText(where)} · ${escapeText(a.date)}`);
  if (q.permalink) lines.push(link(q.permalink, escapeText(q.permalink)));
  return lines.join('\n').slice(0, COMMENT_LIMIT);
}

/**
 * Posts a quote card to a conversation with files.uploadV2 (needs the files:write scope): the PNG with the
 * quote as the comment. Returns the uploaded file's id (uploads have no message ts to return).
 */
export async function uploadCard(
  client: webApi.WebClient,
  channel: string,
  reply: QuoteReply,
  options: { sharedBy?: string } = {},
): Promise<string> {
  const card = reply.card;
  if (!card) throw new Error('the reply has no card to upload');
  const result = (await client.filesUploadV2({
    channel_id: channel,
    file: Buffer.from(card.png),
    filename: card.filename,
    title: `${reply.quote.text}`.slice(0, 250),
    alt_text: card.alt.slice(0, 1000),
    initial_comment: cardComment(reply, options.sharedBy),
  })) as { files?: { files?: { id?: string }[] }[] };
  return result.files?.[0]?.files?.[0]?.id ?? 'file';
}
