import { z } from 'zod';

/** The controlled topic vocabulary. A quote file may only use these (keeps /quote topic and Discord choices small). */
export const TOPICS = [
  'transformer',
  'self-supervised',
  'innovation',
  'openai',
  'talent',
  'agi',
  '2b-vs-2c',
  'cost',
  'deployment',
  'startup',
  'china',
  'data',
  'strategy',
  'compute',
  'research',
  'ambition',
] as const;
export type Topic = (typeof TOPICS)[number];

/** Human labels for each topic, shown in help, topic lists and Discord choices. */
export const TOPIC_LABELS: Readonly<Record<Topic, { zh: string; en: string }>> = Object.freeze({
  transformer: { zh: 'Transformer', en: 'Transformer' },
  'self-supervised': { zh: '自监督学习', en: 'Self-supervised learning' },
  innovation: { zh: '创新', en: 'Innovation' },
  openai: { zh: 'OpenAI', en: 'OpenAI' },
  talent: { zh: '人才', en: 'Talent' },
  agi: { zh: '通用人工智能', en: 'AGI' },
  '2b-vs-2c': { zh: '2B 与 2C', en: 'Enterprise vs consumer (2B/2C)' },
  cost: { zh: '成本', en: 'Cost' },
  deployment: { zh: '落地部署', en: 'Deployment' },
  startup: { zh: '创业', en: 'Startups' },
  china: { zh: '中国', en: 'China' },
  data: { zh: '数据', en: 'Data' },
  strategy: { zh: '战略', en: 'Strategy' },
  compute: { zh: '算力', en: 'Compute' },
  research: { zh: '研究', en: 'Research' },
  ambition: { zh: '雄心', en: 'Ambition' },
});

const nonEmpty = z.string().trim().min(1, 'must not be empty');
/** A text in both languages. */
export const bilingualSchema = z.object({ zh: nonEmpty, en: nonEmpty }).strict();
export type Bilingual = z.infer<typeof bilingualSchema>;

export const sectionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'section id: lower-case letters, digits and dashes'),
    zh: nonEmpty,
    en: nonEmpty,
  })
  .strict();

export const sourceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'source id: lower-case letters, digits and dashes'),
    publication: bilingualSchema,
    title: bilingualSchema,
    /** Publication date, YYYY-MM or YYYY-MM-DD. */
    date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'date: YYYY-MM or YYYY-MM-DD'),
    /** Where the text can be read. */
    url: z.url(),
    /** What the link is, when it is not the publication's own page (e.g. a repost the text was taken from). */
    urlLabel: bilingualSchema.optional(),
    /** The credit line under every quote, e.g. "Zhou Ming, interviewed by LatePost, April 2023"; built from speaker, publication and date when absent. */
    credit: bilingualSchema.optional(),
    speaker: z.object({ zh: nonEmpty, en: nonEmpty, bio: bilingualSchema }).strict(),
    /** Verbatim source text, relative to the quote file; when set, every quote is checked against it. */
    text: z.string().min(1).optional(),
    sections: z.array(sectionSchema).min(1),
  })
  .strict();
export type Source = z.infer<typeof sourceSchema>;

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id: a slug of lower-case letters, digits and dashes');

export const quoteSchema = z
  .object({
    /** Stable readable slug; never renumbered, used in /quote id and in post history. */
    id: slug,
    /** Ids of quotes merged into this one: they keep resolving (links, buttons, stored rotation state) to this quote. */
    aliases: z.array(slug).optional(),
    section: z.string().min(1),
    /** Verbatim Chinese from the source. Never paraphrased. */
    text: nonEmpty,
    /** Faithful English translation. */
    en: nonEmpty,
    /** The interviewer's question this answers; absent for quotes from the article's introduction (they have a lead). */
    question: bilingualSchema.optional(),
    /** An editor's one-line lead-in for a quote that needs setup ("On why ChatGPT came from the US"); shown instead of the question. */
    lead: bilingualSchema.optional(),
    /** An editor's note on a factual slip in the source (the text stays verbatim); shown with the quote and its context. */
    note: bilingualSchema.optional(),
    topics: z.array(z.enum(TOPICS)).min(1),
    keywords: z.object({ zh: z.array(nonEmpty).default([]), en: z.array(nonEmpty).default([]) }).strict(),
    /** In the daily deck: strong, distinct, and standing alone (see standalone.ts). */
    insight: z.boolean().default(false),
    /** An open question for a team discussion (puts the quote in the weekly prompt deck). */
    prompt: bilingualSchema.optional(),
  })
  .strict()
  .refine((q) => q.question !== undefined || q.lead !== undefined, {
    message: "needs a question (what the interviewer asked) or a lead (an editor's lead-in)",
    path: ['question'],
  });
export type QuoteInput = z.infer<typeof quoteSchema>;

export const quoteFileSchema = z
  .object({
    source: sourceSchema,
    quotes: z.array(z.unknown()).min(1, 'a quote file needs at least one quote'),
  })
  .strict();

/** A loaded quote, linked to its source. */
export interface Quote extends QuoteInput {
  /** The id of the source it comes from. */
  sourceId: string;
  /** Questions this quote answers, from the editor's sidecar (quotes/*.asks.yaml); searched, never shown. */
  asks?: readonly string[];
}
