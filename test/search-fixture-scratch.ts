import { describe, expect, it } from 'vitest';
import type { Quote, Topic } from '../src/quotes/schema.js';
import { createQuoteSearch } from '../src/search/index.js';
import { MAX_QUERY_LENGTH, type SearchHit, type SearchOptions } from '../src/search/types.js';

const quote = (
  id: string,
  text: string,
  en: string,
  topics: Topic[],
  keywords: { zh: string[]; en: string[] } = { zh: [], en: [] },
  question = { zh: '你怎么看?', en: 'What do you think?' },
): Quote => ({
  id,
  sourceId: 'fixture',
  section: '01',
  text,
  en,
  question,
  topics,
  keywords,
  insight: false,
});

/** A small corpus in the shape of the real one: verbatim Chinese, English, keywords, questions, topics. */
export const QUOTES: readonly Quote[] = [
  quote('survive', '公司要活下来', 'The company has to survive.', ['startup', 'strategy'], {
    zh: ['活下来', '生存'],
    en: ['survival', 'startup'],
  }),
  quote(
    'disruptive',
    '颠覆式创新。它的每一个部分过去可能都有人想到过,但把它变成一个体系,成为神经网络的基础,这肯定是颠覆式创新。',
    'Disruptive innovation. Every part of it may have been thought of before, but turning it into a system is disruptive.',
    ['innovation', 'transformer'],
    { zh: ['颠覆式创新', '体系'], en: ['disruptive innovation', 'breakthrough'] },
    { zh: 'Transformer 是颠覆式创新还是渐进式创新?', en: 'Is the Transformer disruptive or incremental?' },
  ),
  quote(
    'haste',
    '我也看到有些创业团队,不懂底层的技术,就直接做集成,可能欲速则不达。',
    'I also see startup teams that skip the underlying technology and go straight to integration: haste makes waste.',
    ['startup', 'innovation'],
    { zh: ['欲速则不达', '集成'], en: ['haste makes waste', 'shortcuts'] },
  ),
  quote(
    'train-while-using',
    '所以我们既炼模型,同时也希望它能很快在某些领域落地,边炼边用,不能割裂',
    'So we train models and at the same time want them deployed quickly: training while using.',
    ['deployment', 'strategy'],
    { zh: ['边炼边用', '落地'], en: ['train while using', 'deployment'] },
  ),
  quote(
    'poverty',
    '贫穷限制了想象力。',
    'Poverty limited our imagination.',
    ['research', 'compute'],
    { zh: ['贫穷', '想象力'], en: ['poverty', 'imagination'] },
    { zh: '为什么这么多年都没能实现这些设想?', en: 'Why were these ideas never realised for so many years?' },
  ),
  quote(
    'gpt-picks-fruit',
    'Google 也许觉得有点亏,Transformer 是它搞的,轰动一时的 BERT 也是它搞的,但现在摘果子的是 GPT。',
    'Google may feel short-changed: it made the Transformer and BERT, but GPT is the one picking the fruit.',
    ['transformer', 'openai'],
    { zh: ['摘果子'], en: ['Google', 'BERT', 'GPT'] },
  ),
  quote(
    'cannot-afford',
    '他们说你做大模型,我也用不起,你给我一个百亿或千亿参数的模型,我得买多少机器?',
    'They said: if you build a large model, we cannot afford to use it. How many machines would we have to buy?',
    ['cost', '2b-vs-2c'],
    { zh: ['用不起', '成本'], en: ['cost', 'afford', 'customers'] },
  ),
  quote(
    'why-not-2c',
    '2C 可能成就伟大公司,2B 节奏慢,但是更务实。',
    'Consumer products may make great companies; enterprise business is slow but more pragmatic.',
    ['2b-vs-2c', 'strategy'],
    { zh: ['务实'], en: ['pragmatic'] },
    { zh: '你一开始就在调研企业客户,为什么不考虑做 2C?', en: 'Why did you not consider going 2C?' },
  ),
];

const search = createQuoteSearch(QUOTES);
