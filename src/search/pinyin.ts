import { pinyin } from 'pinyin-pro';

// Stryker disable all: a module-level table (data, as the stop words and Porter's tables are), not counted in
// mutation scores, as Stryker's static mutants are not; the search tests re-import this module (test/per-file.ts).
/**
 * Every toneless Mandarin syllable, ü written as v (as pinyin-pro with `v: true` and pinyin keyboards do).
 * Lone nasals (m, n, ng) are left out: they would let almost any consonant cluster parse as pinyin.
 */
const SYLLABLES: ReadonlySet<string> = new Set(
  (
    'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce ' +
    'cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun ' +
    'chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu ' +
    'dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei ' +
    'gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua ' +
    'huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang ' +
    'kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia ' +
    'lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve lue ma mai man mang mao me mei men ' +
    'meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao nie ' +
    'nin ning niu nong nou nu nuan nuo nv nve nue o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ' +
    'ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri ' +
    'rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen ' +
    'sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang ' +
    'tao te tei teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi ' +
    'xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu ' +
    'yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong ' +
    'zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo'
  ).split(' '),
);
const LONGEST_SYLLABLE = 6;
/** Spellings people type for the same syllable; the index always uses the right-hand form. */
const ALIASES: Readonly<Record<string, string>> = { lue: 'lve', nue: 'nve' };

const HAN_RUNS = /\p{Script=Han}+/gu;
const SYLLABLE_SHAPE = /^[a-z]+$/;
// Stryker restore all

/** The toneless syllables of a run of Chinese characters, one per character, read in context. */
export function hanToSyllables(han: string): string[] {
  return pinyin(han, { toneType: 'none', type: 'array', v: true, nonZh: 'removed' }).filter((s) =>
    SYLLABLE_SHAPE.test(s),
  );
}

/** Readings of characters met outside any corpus (a typo's character), one pinyin-pro call each, kept. */
const fallbackReadings = new Map<string, string>();
const MAX_FALLBACK_READINGS = 20_000;

/**
 * The most common reading of each character as the corpus reads it in context (from syllableRuns' cache).
 * Queries use it instead of calling pinyin-pro: a query is too short to give a polyphone much context anyway,
 * and pinyin-pro's per-call cost (and garbage) would dominate a sub-millisecond search.
 */
export function readingTable(cache: ReadonlyMap<string, readonly string[]>): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const [run, syllables] of cache) {
    const chars = [...run];
    if (chars.length !== syllables.length) continue; // a character without a reading: alignment unknown
    chars.forEach((ch, i) => {
      const syllable = syllables[i]!;
      let byReading = counts.get(ch);
      if (byReading === undefined) counts.set(ch, (byReading = new Map()));
      byReading.set(syllable, (byReading.get(syllable) ?? 0) + 1);
    });
  }
  const table = new Map<string, string>();
  for (const [ch, byReading] of counts) {
    const [best] = [...byReading].sort((a, b) => b[1] - a[1]);
    if (best !== undefined) table.set(ch, best[0]);
  }
  return table;
}

/** Syllables of a query's Chinese run: corpus readings first, pinyin-pro (memoised) for other characters. */
export function readQueryRun(han: string, table: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  for (const ch of han) {
    let syllable = table.get(ch) ?? fallbackReadings.get(ch);
    if (syllable === undefined) {
      syllable = hanToSyllables(ch)[0] ?? '';
      if (fallbackReadings.size >= MAX_FALLBACK_READINGS) fallbackReadings.clear();
      fallbackReadings.set(ch, syllable);
    }
    if (syllable !== '') out.push(syllable);
  }
  return out;
}

/**
 * The syllables of every Chinese run in a text, run by run. pinyin-pro's cost is mostly per call, so the runs
 * not yet in `cache` are read in ONE call (each run still read in its own context: runs are separated by
 * spaces); corpora repeat sentences, so the cache makes large indexes cheap.
 */
export function syllableRuns(text: string, cache: Map<string, string[]> = new Map()): string[][] {
  const runs = text.match(HAN_RUNS) ?? [];
  const missing = [...new Set(runs.filter((run) => !cache.has(run)))];
  if (missing.length > 0) {
    const joined = missing.join(' ');
    const read = pinyin(joined, { toneType: 'none', type: 'array', v: true });
    const chars = [...joined];
    if (read.length === chars.length) {
      let r = 0;
      let current: string[] = [];
      chars.forEach((ch, i) => {
        if (ch !== ' ') {
          const syllable = read[i] ?? '';
          if (SYLLABLE_SHAPE.test(syllable)) current.push(syllable);
          return;
        }
        cache.set(missing[r++] ?? '', current);
        current = [];
      });
      cache.set(missing[r] ?? '', current);
    } else {
      // pinyin-pro returns one entry per code point; if a future version does not, read run by run.
      for (const run of missing) cache.set(run, hanToSyllables(run));
    }
  }
  return runs.map((run) => cache.get(run) ?? []).filter((syllables) => syllables.length > 0);
}

/**
 * Splits a space-free Latin word into pinyin syllables, fewest syllables first (so "xian" stays one
 * syllable, as an IME would read it); tone digits after a syllable are allowed. Undefined when it is not pinyin.
 */
export function parsePinyinWord(word: string): string[] | undefined {
  const w = word.replace(/[1-5](?=[a-z]|$)/g, '');
  if (w.length === 0 || w.length > 64 || !/^[a-z]+$/.test(w)) return undefined;
  // best[i]: fewest syllables covering w[0..i); from[i]: where the last syllable started.
  const best = new Array<number>(w.length + 1).fill(Infinity);
  const from = new Array<number>(w.length + 1).fill(-1);
  best[0] = 0;
  for (let i = 0; i < w.length; i++) {
    const here = best[i] ?? Infinity;
    if (here === Infinity) continue;
    for (let len = 1; len <= LONGEST_SYLLABLE && i + len <= w.length; len++) {
      if (!SYLLABLES.has(w.slice(i, i + len))) continue;
      if (here + 1 < (best[i + len] ?? Infinity)) {
        best[i + len] = here + 1;
        from[i + len] = i;
      }
    }
  }
  if (best[w.length] === Infinity) return undefined;
  const out: string[] = [];
  for (let end = w.length; end > 0; end = from[end] ?? 0) {
    const start = from[end] ?? 0;
    const s = w.slice(start, end);
    out.push(ALIASES[s] ?? s);
  }
  return out.reverse();
}
