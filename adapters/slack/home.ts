import type { types } from '@slack/bolt';
import type { Reply } from '../../src/bot/reply.js';
import { renderReply } from './render.js';
import { SLACK_LIMITS } from './text.js';

/** The App Home tab: today's quote for this user, then how to use the bot. Pure. */
export function renderHome(today: Reply | undefined, help: Reply | undefined): types.HomeView {
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: '名言 mingyan', emoji: false } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '周明 Zhou Ming (澜舟科技 Langboat, ex-MSRA) · 晚点 LatePost · 2023-04',
        },
      ],
    },
    { type: 'section', text: { type: 'mrkdwn', text: '*今日名言 · Quote of the day*' } },
  ];
  if (today) blocks.push(...renderReply(today, 'both', { mode: 'home' }).blocks);
  else
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: '今天的名言暂时无法显示。· Today’s quote is not available right now.' },
    });
  blocks.push(
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: '*怎么用 · How to use*' } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: '在任何频道输入 `/quote`,或在频道里 @mingyan 提问。· Type `/quote` in any channel, or mention @mingyan with a question.',
        },
      ],
    },
  );
  if (help) blocks.push(...renderReply(help, 'both', { mode: 'home' }).blocks);
  return { type: 'home', blocks: blocks.slice(0, SLACK_LIMITS.homeBlocks) };
}
