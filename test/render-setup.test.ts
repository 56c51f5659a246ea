// Every platform shows the line that sets a quote up (the question, or the editor's lead), discussions included,
// the editor's note with the quote and its context, and the link labelled as the repost it is.
import { describe, expect, it } from 'vitest';
import { createCustomIdCodec } from '../adapters/discord/custom-id.js';
import { renderReply as renderDiscord } from '../adapters/discord/render.js';
import { renderReply as renderShell } from '../adapters/shell/render.js';
import { renderReply as renderSlack } from '../adapters/slack/render.js';
import type { QuoteView, Reply } from '../src/bot/reply.js';
import { toQuoteView } from '../src/bot/view.js';
import { loadCorpus, shippedQuotesDir } from '../src/quotes/loader.js';

const corpus = loadCorpus([shippedQuotesDir()]);
const view = (id: string): QuoteView => toQuoteView(corpus.byId.get(id)!, corpus);
const led = view('openai-leveraged-microsoft'); // lead and question
const asked = view('turing-award-for-transformer'); // question only
const noted = view('2c-needs-one-general-engine'); // editor's note
const discussion = (quote: QuoteView): Reply => ({
  kind: 'discussion',
  quote,
  lang: 'both',
  prompt: { zh: '讨论?', en: 'Discuss?' },
  actions: [],
});
const quoteReply = (quote: QuoteView): Reply => ({ kind: 'quote', quote, lang: 'both', actions: [] });
const shell = (r: Reply): string => renderShell(r, { width: 200 });
const slack = (r: Reply): string => JSON.stringify(renderSlack(r, 'both', { mode: 'public' }).blocks);
const codec = createCustomIdCodec();
const discord = (r: Reply) => renderDiscord(r, { lang: 'both', ephemeral: false, customId: codec.encode })[0];

describe('the setup line', () => {
  it('shell: the lead instead of the question, the question when there is no lead, in discussions too', () => {
    for (const r of [quoteReply(led), discussion(led)]) {
      expect(shell(r)).toContain(
        '  谈为什么 Transformer 和 ChatGPT 都出现在美国\n  On why both the Transformer',
      );
      expect(shell(r)).not.toContain('问:');
    }
    for (const r of [quoteReply(asked), discussion(asked)])
      expect(shell(r)).toContain(`问:${asked.question?.zh}`);
  });

  it('Slack: a context line under the quote, in the discussion post as well', () => {
    expect(slack(discussion(asked))).toContain(`问 Q: ${asked.question?.zh} / ${asked.question?.en}`);
    expect(slack(discussion(led))).toContain('谈为什么 Transformer 和 ChatGPT 都出现在美国 / On why both');
    expect(slack(quoteReply(led))).toContain('On why both the Transformer and ChatGPT came from the US');
  });

  it("Discord: a field named for what it is (the editor's lead, or the question)", () => {
    const lead = discord(discussion(led)).embeds[0]?.fields ?? [];
    expect(lead[0]).toEqual({
      name: "编者按 · Editor's lead",
      value:
        '谈为什么 Transformer 和 ChatGPT 都出现在美国\nOn why both the Transformer and ChatGPT came from the US',
    });
    expect(lead.at(-1)?.name).toBe('讨论 · For discussion');
    expect(discord(quoteReply(asked)).embeds[0]?.fields?.[0]?.name).toBe('问题 · Question');
  });
});

describe('a quote spanning paragraphs in its context', () => {
  it('is marked in every paragraph it covers (shell »; Discord bold)', () => {
    const quote = view('openai-leveraged-microsoft');
    const answer = [
      '任何技术出现都有一定偶然性。',
      '集成创新中国是比较薄弱,OpenAI 以外很多美国公司也薄弱。微软也帮 OpenAI 做了很多事,OpenAI 聪明地把微软的计算、资源、数据都用起来了。',
    ];
    const context: Reply = { kind: 'context', quote, lang: 'both', answer, actions: [] };
    expect(shell(context)).toMatch(/^» 任何技术出现都有一定偶然性。$/m);
    expect(shell(context)).toMatch(/^» 集成创新中国是比较薄弱/m);
    expect(discord(context).embeds[0]?.description).toBe(answer.map((p) => `**${p}**`).join('\n\n'));
  });
});

describe("the editor's note and the repost link", () => {
  it('shows the note with the quote and with its context on every platform', () => {
    const context: Reply = { kind: 'context', quote: noted, lang: 'both', answer: [noted.text], actions: [] };
    for (const r of [quoteReply(noted), context]) {
      expect(shell(r)).toContain("Editor's note: 175 billion is GPT-3's parameter count");
      expect(slack(r)).toContain("编者注 Editor's note: 1750 亿是 GPT-3 的参数量");
    }
    const fields = discord(quoteReply(noted)).embeds[0]?.fields ?? [];
    expect(fields.map((f) => f.name)).toContain("编者注 · Editor's note");
  });

  it('labels the link as a repost in the credit line', () => {
    expect(shell(quoteReply(asked))).toContain(
      '文本取自转载 · text from a repost: https://www.zhjiashun.com/',
    );
    expect(slack(quoteReply(asked))).toContain('|文本取自转载 · text from a repost>');
    expect(discord(quoteReply(asked)).embeds[0]?.footer?.text).toContain(
      'Zhou Ming, interviewed by LatePost, April 2023',
    );
  });
});
