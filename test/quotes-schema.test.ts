// What an editor sees when a quote file is wrong (each line as `mingyan validate` prints it), and the topic
// vocabulary users see in help, topic lists and Discord choices.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOPIC_LABELS, TOPICS } from '../src/quotes/schema.js';
import { issueLines, quoteYaml, sourceHeader, tempFolder, writeFiles } from './quote-files.js';

const root = tempFolder('schema');
/** A fresh folder holding `files`. */
const folder = (files: Record<string, string>): string => writeFiles(mkdtempSync(join(root, 'case-')), files);

describe('topic labels', () => {
  const HAN = /\p{Script=Han}/u;
  // Labels that are names, the same in both languages.
  const BRANDS = new Set(['Transformer', 'OpenAI']);

  it('every topic has a Chinese label (Han, or a brand name) and an English one starting with a capital', () => {
    for (const topic of TOPICS) {
      const label = TOPIC_LABELS[topic];
      expect(label, topic).toBeDefined();
      expect(HAN.test(label.zh) || BRANDS.has(label.zh), `${topic} zh "${label.zh}"`).toBe(true);
      expect(label.en, topic).toMatch(/^[A-Z][A-Za-z]/);
    }
  });

  it('brand names keep their spelling in both languages; other Chinese labels are all Han (or 2B/2C)', () => {
    for (const topic of TOPICS) {
      const { zh, en } = TOPIC_LABELS[topic];
      if (BRANDS.has(zh)) expect(en, topic).toBe(zh);
      else expect(zh.replace(/2[BC]|\s/g, ''), topic).toMatch(/^\p{Script=Han}+$/u);
    }
  });

  it('no two topics share a label, so each label names one topic', () => {
    const zh = TOPICS.map((t) => TOPIC_LABELS[t].zh.toLowerCase());
    const en = TOPICS.map((t) => TOPIC_LABELS[t].en.toLowerCase());
    expect(new Set(zh).size).toBe(TOPICS.length);
    expect(new Set(en).size).toBe(TOPICS.length);
    expect(Object.keys(TOPIC_LABELS).sort()).toEqual([...TOPICS].sort());
  });
});

describe('a broken source header', () => {
  it('names every bad field of the header, and skips the file', () => {
    const header = sourceHeader()
      .replace('id: temp', 'id: my_source')
      .replace('"2024-01"', '"2024-01 to 2024-02"')
      .replace('{ id: "02", zh: 二, en: Two }', '{ id: "part_2", zh: 二, en: Two }');
    const dir = folder({ 'bad.yaml': `${header}quotes:\n${quoteYaml('fine')}` });
    expect(issueLines([dir], dir)).toEqual([
      'bad.yaml: field source.id: source id: lower-case letters, digits and dashes; file skipped',
      'bad.yaml: field source.date: date: YYYY-MM or YYYY-MM-DD; file skipped',
      'bad.yaml: field source.sections.1.id: section id: lower-case letters, digits and dashes; file skipped',
    ]);
  });

  it('accepts a full date, and refuses a date or id with anything before it', () => {
    const header = sourceHeader().replace('"2024-01"', '"on 2024-01-02"').replace('id: temp', 'id: X-1');
    const dir = folder({ 'bad.yaml': `${header}quotes:\n${quoteYaml('fine')}` });
    expect(issueLines([dir], dir)).toEqual([
      'bad.yaml: field source.id: source id: lower-case letters, digits and dashes; file skipped',
      'bad.yaml: field source.date: date: YYYY-MM or YYYY-MM-DD; file skipped',
    ]);
    const good = folder({
      'good.yaml': `${sourceHeader().replace('"2024-01"', '"2024-01-02"')}quotes:\n${quoteYaml('fine')}`,
    });
    expect(issueLines([good], good)).toEqual([]);
  });

  it('says what a section id must be when it starts wrong', () => {
    const header = sourceHeader().replace(
      '{ id: "02", zh: 二, en: Two }',
      '{ id: "Part-2", zh: 二, en: Two }',
    );
    const dir = folder({ 'bad.yaml': `${header}quotes:\n${quoteYaml('fine')}` });
    expect(issueLines([dir], dir)).toEqual([
      'bad.yaml: field source.sections.1.id: section id: lower-case letters, digits and dashes; file skipped',
    ]);
  });
});

describe('a broken quote', () => {
  /** The issues of a file holding one good quote and `quotes` (YAML list items). */
  const issuesOf = (quotes: string): string[] => {
    const dir = folder({ 'q.yaml': `${sourceHeader()}quotes:\n${quoteYaml('good')}${quotes}` });
    return issueLines([dir], dir);
  };

  it('an id must be a slug: no underscores, capitals or dashes at either end', () => {
    expect(
      issuesOf(quoteYaml('my_quote') + quoteYaml('Big-one') + quoteYaml('trailing-') + quoteYaml('ok-2')),
    ).toEqual([
      'q.yaml: quote "my_quote" field id: id: a slug of lower-case letters, digits and dashes',
      'q.yaml: quote "Big-one" field id: id: a slug of lower-case letters, digits and dashes',
      'q.yaml: quote "trailing-" field id: id: a slug of lower-case letters, digits and dashes',
    ]);
  });

  it('an alias must be a slug too', () => {
    expect(issuesOf(quoteYaml('merged', { aliases: '[old_id]' }))).toEqual([
      'q.yaml: quote "merged" field aliases.0: id: a slug of lower-case letters, digits and dashes',
    ]);
  });

  it('says what type a field needs and what it got, in plain words', () => {
    expect(
      issuesOf(
        quoteYaml('topics-word', { topics: 'data' }) +
          quoteYaml('topics-number', { topics: '3' }) +
          quoteYaml('keywords-list', { keywords: '[]' }) +
          quoteYaml('question-null', { question: '~' }) +
          quoteYaml('text-mapping', { text: '{ zh: 数据 }' }) +
          quoteYaml('en-boolean', { en: 'true' }) +
          quoteYaml('en-number', { en: '5' }) +
          quoteYaml('no-topics', { topics: '' }),
      ),
    ).toEqual([
      'q.yaml: quote "topics-word" field topics: must be an array, not string "data"',
      'q.yaml: quote "topics-number" field topics: must be an array, not number 3',
      'q.yaml: quote "keywords-list" field keywords: must be an object, not a list',
      'q.yaml: quote "question-null" field question: must be an object, not empty',
      'q.yaml: quote "text-mapping" field text: must be a string, not a mapping',
      'q.yaml: quote "en-boolean" field en: must be a string, not boolean true',
      'q.yaml: quote "en-number" field en: must be a string, not number 5 (put it in quotes, e.g. "01")',
      'q.yaml: quote "no-topics" field topics: is required',
    ]);
  });

  it('an unknown topic lists the topics there are', () => {
    expect(issuesOf(quoteYaml('gpu', { topics: '[data, gpus]' }))).toEqual([
      `q.yaml: quote "gpu" field topics.1: unknown topic "gpus"; use one of: ${TOPICS.join(', ')}`,
    ]);
  });

  it('a quote without a usable id is named by its position, counted from 1', () => {
    expect(
      issuesOf(
        '  - ~\n' +
          quoteYaml('', { id: '""' }) +
          quoteYaml('', { id: '"   "' }) +
          '  - just a sentence\n' +
          quoteYaml('', { id: '7' }),
      ),
    ).toEqual([
      'q.yaml: quote #2: must be an object, not empty',
      'q.yaml: quote #3 field id: id: a slug of lower-case letters, digits and dashes',
      'q.yaml: quote #4 field id: id: a slug of lower-case letters, digits and dashes',
      'q.yaml: quote #5: must be an object, not string "just a sentence"',
      'q.yaml: quote #6 field id: must be a string, not number 7 (put it in quotes, e.g. "01")',
    ]);
  });

  it('a quote in an unknown section lists every section of the source', () => {
    expect(issuesOf(quoteYaml('lost', { section: '"03"' }))).toEqual([
      'q.yaml: quote "lost" field section: "03" is not a section of the source; use one of: 01, 02',
    ]);
  });
});
