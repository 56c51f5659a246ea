// Stryker disable all: a module-level table (data, as the stop words and Porter's tables are), not counted in
// mutation scores, as Stryker's static mutants are not; the search tests re-import this module (test/per-file.ts).
/**
 * Words that shape a sentence but rarely say what it is about: question words, particles, pronouns, hedges.
 * They keep a little weight (a query made only of them still finds something) but never decide a ranking:
 * "一个人最重要的本事" is about 本事, not about 一个 or 最重要.
 */
const ZH_FILLERS: ReadonlySet<string> = new Set(
  (
    '的 了 着 过 是 在 有 和 与 跟 及 或 就 都 也 还 又 很 太 最 更 再 才 这 那 吗 呢 吧 啊 呀 嘛 么 哦 把 被 让 ' +
    '给 对 从 向 往 于 以 为 而 但 却 我 你 您 他 她 它 说 讲 能 会 要 想 该 得 地 之 其 个 些 种 啥 哪 谁 ' +
    '什么 为什么 为啥 干嘛 怎么 怎样 怎么样 如何 哪些 哪个 哪种 哪里 是不是 是否 有没有 能不能 会不会 ' +
    '要不要 可不可以 可以 可能 可能是 能够 应该 一个 一种 一些 一下 一点 一样 这个 那个 这些 那些 这样 ' +
    '那样 这么 那么 这种 那种 这里 那里 我们 你们 他们 她们 它们 咱们 自己 大家 别人 人家 别的 觉得 认为 ' +
    '以为 到底 究竟 其实 真的 已经 现在 一直 时候 东西 事情 但是 可是 不过 所以 因为 如果 虽然 然后 而且 ' +
    '并且 还是 或者 就是 的是 都在 只是 只要 还有 比较 非常 特别 十分 很多 许多 一般 重要 最重要 关键 主要 ' +
    '有的 的话 ' +
    // Words asking for a view, a reason or advice: they say what kind of answer is wanted, not what about.
    '看 看法 看待 怎么看 如何看待 评价 观点 态度 意见 建议 怎么办 怎么做 如何做 启发 原因 为何 应该 ' +
    '有何 什么样 问题 偏偏 竟然 居然 难道 知道 不知道 了解 明白'
  ).split(' '),
);

/** English words too general to decide a search, though not empty enough to be stop words. */
const EN_WEAK: ReadonlySet<string> = new Set(
  (
    'just want wanted wants something someone somebody anything anyone anybody everything everyone nothing ' +
    'thing things stuff get gets got getting gotten really also much many lot lots like make makes made making ' +
    'need needs way ways kind sort still even ever well actually think thinks say says said tell told know ' +
    'knew go going goes went gone one else able come came take took give gave put let keep seem seems ' +
    // Words asking for a view, a reason or advice (see ZH_FILLERS).
    'view views opinion opinions thought thoughts advice advise advices tip tips suggest suggests ' +
    'suggestion suggestions recommend recommends recommendation recommendations lesson lessons reason ' +
    'reasons feel feels believe believes consider considers regard regards perspective stance ' +
    'please does question questions'
  ).split(' '),
);

const LONGEST_FILLER = 4;
/** Characters that occur in some filler: a word holding any other character is content, with no search needed. */
const FILLER_CHARS: ReadonlySet<string> = new Set([...ZH_FILLERS].flatMap((w) => [...w]));
// Stryker restore all

/**
 * True for a Chinese word (as the segmenter cuts it) that is a function word or filler, or made only of them:
 * the segmenter's dictionary has "我想" and "为了" as words, and they say no more than "我", "想", "为", "了".
 */
export function isChineseFiller(word: string): boolean {
  if (ZH_FILLERS.has(word)) return true;
  const chars = [...word];
  if (chars.length < 2 || chars.some((ch) => !FILLER_CHARS.has(ch))) return false;
  // spans[i]: whether chars [0, i) split into fillers.
  const spans = new Uint8Array(chars.length + 1);
  spans[0] = 1;
  for (let end = 1; end <= chars.length; end++) {
    for (let start = Math.max(0, end - LONGEST_FILLER); start < end && spans[end] === 0; start++) {
      if (spans[start] === 1 && ZH_FILLERS.has(chars.slice(start, end).join(''))) spans[end] = 1;
    }
  }
  return spans[chars.length] === 1;
}

/** True for an English word (lower case, unstemmed) that is too general to decide a search. */
export function isWeakWord(word: string): boolean {
  return EN_WEAK.has(word);
}

/** One word of a Chinese run, in code points, as the platform's dictionary segmenter cuts it. */
export interface HanWord {
  /** First character (code point index into the run). */
  start: number;
  /** One past the last character. */
  end: number;
  /** True for a function word or filler. */
  filler: boolean;
}

/** Length in code points: a character outside the BMP is two UTF-16 units but one character (one gram). */
function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) n--;
  }
  return n;
}

/** ICU's dictionary segmenter (built into Node); created on first use, absent on runtimes without Intl.Segmenter. */
let segmenter: Intl.Segmenter | null | undefined;

/**
 * Cuts a run of Chinese characters into words. Only the query is cut (quotes stay indexed by character grams,
 * which survive a wrong cut); a runtime without a segmenter treats each character as a word.
 */
export function hanWords(han: string): HanWord[] {
  if (segmenter === undefined) {
    segmenter =
      typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;
  }
  const words: HanWord[] = [];
  let at = 0;
  for (const piece of segmenter === null ? han : segmenter.segment(han)) {
    const text = typeof piece === 'string' ? piece : piece.segment;
    const length = codePoints(text);
    words.push({ start: at, end: at + length, filler: isChineseFiller(text) });
    at += length;
  }
  return words;
}
