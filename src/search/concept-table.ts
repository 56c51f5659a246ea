/**
 * A small bilingual thesaurus of the field this corpus talks about (AI companies and people, model and
 * compute terms, the business of selling models) and of a few everyday notions that interviews paraphrase
 * ("make money", "cheap", "step by step"). Each entry is one concept with the ways people write it, in
 * Chinese and in English: a quote and a query that name the same concept meet in one index term, whichever
 * language or spelling each uses. Forms are compared after normalisation (simplified, lower case, punctuation
 * as spaces) with a plural "s" folded, and the longest form wins ("占便宜" is not "便宜", "国有企业" is not "企业").
 *
 * Keep entries true synonyms or names: a loose association here pulls unrelated quotes into every search.
 */
export interface Concept {
  /** Stable id; the index term is "@" + id. An empty id marks a phrase that is matched but names nothing. */
  id: string;
  /** Spellings in any language, in the normal form (simplified, lower case). */
  forms: readonly string[];
  /** Broader concepts a match also names (微软亚洲研究院 is also 微软). */
  also?: readonly string[];
}

// Stryker disable all: a module-level table (data, as the stop words and Porter's tables are), not counted in
// mutation scores, as Stryker's static mutants are not; the search tests re-import this module (test/per-file.ts).
/** One table row: forms and broader concepts as "|"-separated lists, so a concept reads as one line. */
const concept = (id: string, forms: string, also?: string): Concept => ({
  id,
  forms: forms.split('|'),
  ...(also === undefined ? {} : { also: also.split('|') }),
});

export const CONCEPTS: readonly Concept[] = [
  // Companies, labs and products
  concept('google', 'google|谷歌|alphabet'),
  concept('microsoft', 'microsoft|微软|msft'),
  concept(
    'msra',
    'msra|microsoft research asia|microsoft research|微软亚洲研究院|微软亚研院|微软研究院',
    'microsoft',
  ),
  concept('meta', 'facebook|脸书|meta ai'),
  concept('nvidia', 'nvidia|英伟达'),
  concept('baidu', 'baidu|百度'),
  concept('alibaba', 'alibaba|阿里|阿里巴巴'),
  concept('tencent', 'tencent|腾讯'),
  concept('bytedance', 'bytedance|字节跳动'),
  concept('huawei', 'huawei|华为'),
  concept('big-tech', 'bat|大厂|big tech|互联网巨头|tech giant'),
  concept('langboat', 'langboat|澜舟|澜舟科技'),
  concept('bing', 'bing|必应'),
  // People
  concept('zhou-ming', 'zhou ming|周明'),
  concept('ilya', 'ilya|sutskever|伊利亚'),
  concept('altman', 'altman|sam altman|奥特曼|阿尔特曼'),
  concept('nadella', 'nadella|satya|纳德拉'),
  concept('musk', 'musk|elon musk|马斯克'),
  concept('jensen-huang', 'jensen huang|黄仁勋'),
  concept('lecun', 'lecun|杨乐昆|杨立昆'),
  concept('sun-jian', 'sun jian|孙剑'),
  concept('kaiming-he', 'kaiming he|kaiming|何恺明'),
  concept('wang-huiwen', 'wang huiwen|王慧文'),
  // Places
  concept('usa', '美国|america|american|united states|usa'),
  concept('china', '中国|国内|china|chinese|domestic'),
  // Models and methods
  concept('agi', 'agi|通用人工智能|artificial general intelligence|general ai|强人工智能'),
  concept('ai', 'ai|人工智能|artificial intelligence'),
  concept(
    'llm',
    'llm|大模型|大语言模型|语言大模型|通用大模型|基础模型|基座模型|large model|large language model|big model|foundation model',
  ),
  concept(
    'small-model',
    '小模型|轻量化模型|轻量模型|垂直模型|专用模型|small model|lightweight model|specialized model|vertical model',
  ),
  concept('nlp', 'nlp|自然语言处理|natural language processing'),
  concept('self-supervised', '自监督|自监督学习|self supervised|ssl'),
  concept('pretraining', '预训练|pretraining|pretrained|pre training|pre trained'),
  concept('fine-tuning', '微调|fine tune|fine tuning|fine tuned|finetune|finetuning'),
  concept('prompt', '提示|提示词|prompt|prompting'),
  concept('labeling', '标注|label|labeling|labelling|labeled|annotation|annotate'),
  concept('few-shot', '少样本|样例|示例|例子|举例|few shot|example'),
  concept('parameters', '参数|parameter'),
  concept('100b', '千亿|100b|hundred billion|hundreds of billion|100 billion'),
  concept('10b', '百亿|10b|ten billion|tens of billion|10 billion'),
  concept('training', '训练|炼模型|train|training|trained'),
  concept('inference', '推理|inference'),
  concept('data', '数据|data'),
  concept('corpus', '语料|语料库|corpus|corpora'),
  concept('attention', '注意力|自注意力|attention|self attention'),
  concept('neural-network', '神经网络|neural network|neural net|深度学习|deep learning'),
  concept('machine-learning', '机器学习|machine learning'),
  concept('translation', '机器翻译|翻译|machine translation|translation|translate'),
  concept('multimodal', '多模态|multimodal|multi modal'),
  concept('multilingual', '多语言|multilingual'),
  concept('algorithm', '算法|algorithm'),
  concept('architect', '架构师|architect'),
  concept('search-engine', '搜索引擎|search engine'),
  concept('open-source', '开源|open source'),
  concept('paradigm-shift', '范式转变|范式转移|paradigm shift'),
  concept('mining', '挖掘|数据挖掘|data mining'),
  // Compute and hardware
  concept('compute', '算力|计算资源|计算能力|显卡|gpu|a100|h100|compute|computing power|graphics card'),
  concept('chip', '芯片|半导体|chip|semiconductor'),
  concept('machine', '机器|服务器|硬件|machine|server|hardware'),
  concept('memory', '内存|memory|ram'),
  concept('export-control', '出口管制|禁运|制裁|export control|sanction|embargo'),
  // Deployment
  concept('deployment', '落地|部署|deploy|deployment|deployed|put into production'),
  concept(
    'on-premises',
    '私有化部署|私有化|本地部署|on premise|on prem|private deployment|local deployment',
    'deployment',
  ),
  concept('cloud', '云|云端|公有云|云计算|cloud|public cloud|cloud computing'),
  concept('data-security', '数据安全|data security|data privacy|数据隐私'),
  concept('flywheel', '飞轮|数据飞轮|flywheel|virtuous cycle|良性循环|正循环'),
  // Business
  concept('2c', '2c|to c|toc|c端|消费者|个人用户|面向个人|面向消费者|consumer|b2c'),
  concept('2b', '2b|to b|tob|b端|企业|企业客户|企业级|enterprise|b2b|business customer'),
  concept('2b2c', '2b2c|b2b2c'),
  concept('soe', '国企|央企|央国企|央企国企|国有企业|中央企业|soe|state owned|state owned enterprise', '2b'),
  concept('sme', '中小企业|sme|small business|small and medium', '2b'),
  concept('customer', '客户|customer|client'),
  concept('user', '用户|user'),
  concept(
    'startup',
    '创业|创业公司|初创|初创公司|初创企业|初创团队|创业团队|startup|start up|entrepreneur|entrepreneurship',
  ),
  concept('talent', '人才|talent'),
  concept('hiring', '招人|招聘|找人|招募|hire|hiring|recruit|recruiting|recruitment'),
  concept('poaching', '挖人|挖角|挖墙脚|挖|poach|poaching|headhunt|headhunting'),
  concept('team', '团队|team'),
  concept('leadership', '领导力|领导者|leadership|leader'),
  concept('partnership', '合作|合作伙伴|伙伴|联盟|partner|partnership|alliance|collaboration'),
  concept('competition', '竞争|竞争对手|对手|competition|compete|competitor|rival'),
  concept('product', '产品|产品化|product|productization'),
  concept('research', '研究|科研|学术|research|academia|academic'),
  concept('regulation', '监管|regulation|regulator|regulatory'),
  // Money
  concept('cost', '成本|费用|花费|开销|花钱|多少钱|投入|cost|expense|spending'),
  concept(
    'monetize',
    '赚钱|挣钱|收钱|收到钱|盈利|营收|收入|变现|商业化|付费|收费|利润|make money|making money|monetize|monetization|monetise|revenue|profit|profitable|paying|commercialize|commercialization',
  ),
  concept(
    'cheap',
    '便宜|低成本|廉价|实惠|省钱|性价比|划算|cheap|cheaper|inexpensive|affordable|low cost|value for money|cost effective',
  ),
  concept(
    'expensive',
    '昂贵|太贵|很贵|用不起|买不起|expensive|costly|unaffordable|can t afford|cannot afford|too expensive',
  ),
  concept('good-enough', '够用|凑合|将就|good enough|sufficient|does the job|do the job'),
  concept('price', '价格|价钱|定价|price|pricing'),
  concept('budget', '预算|budget'),
  concept('poverty', '贫穷|贫困|poverty'),
  // Ideas interviews paraphrase
  concept(
    'reap',
    '摘果子|摘桃子|占便宜|占了便宜|坐享其成|渔翁得利|为他人作嫁衣|作嫁衣|reap|reaped|reaping|credit|pick the fruit|picking the fruit|free ride|free rider',
  ),
  concept(
    'gradual',
    '一步步|一步一步|逐步|渐进|递进|循序渐进|逐渐|慢慢|step by step|gradual|gradually|incremental|incrementally|progression|little by little',
  ),
  concept('disruptive', '颠覆|颠覆式|颠覆性|disruptive|disrupt|disruption'),
  concept('breakthrough', '突破|突破性|石破天惊|breakthrough|game changer'),
  concept('innovation', '创新|innovation|innovate|innovative'),
  concept(
    'integrated-innovation',
    '集成创新|集成|integrated innovation|integration|integrate|system integration',
    'innovation',
  ),
  concept(
    'fundamental-innovation',
    '底层创新|原始创新|原创|fundamental innovation|original research|基础研究|basic research',
    'innovation',
  ),
  concept('timing', '时机|天时|天时地利|机会|机遇|窗口期|timing|opportunity|right time|right moment'),
  concept('luck', '运气|机缘|偶然|偶然性|luck|lucky|chance|serendipity'),
  concept(
    'competence',
    '本事|能力|本领|竞争力|核心竞争力|实力|ability|capability|competence|skill|competitive advantage',
  ),
  concept('ambition', '雄心|志向|野心|抱负|ambition|ambitious|aspiration'),
  concept('vision', '愿景|远见|vision|foresight'),
  concept('survive', '活下来|活着|生存|存活|survive|survival|stay alive'),
  concept('pragmatic', '务实|脚踏实地|pragmatic|pragmatism|practical|realistic|down to earth'),
  concept('dead-end', '不归路|死路|绝路|死胡同|没有出路|走不通|dead end|no return|no way out'),
  concept('adapt', '适应|顺势而为|随机应变|审时度势|adapt|adaptable|adaptability|go with the flow'),
  concept('imagination', '想象力|想象|imagination|imagine'),
  concept(
    'unaware',
    '不知道|不了解|不懂|不明白|没明白|没感受到|没意识到|不清楚|don t know|do not know|unaware|don t understand|do not understand|not understand',
  ),
  concept('copy', '抄|复制|模仿|照搬|copy|clone|imitate'),
  concept('math', '数学|math|mathematics'),
  concept('trust', '信任|trust'),
  concept('long-tail', '长尾|long tail'),
  concept('decade', '十年|decade|ten year'),
  concept('turing-award', '图灵奖|turing award'),
  // What a question asks for: a view, a reason, advice. They match the same kind of question in the interviewer's
  // questions and the editor's (search treats them as weak: they shape a match but cannot make one).
  concept(
    'ask-opinion',
    '怎么看|如何看|怎么看待|如何看待|看法|评价|怎么评价|如何评价|观点|态度|think of|think about|thoughts on|view on|view of|opinion|take on|make of|feel about',
  ),
  concept('ask-why', '为什么|为何|为啥|原因|why|reason|how come'),
  concept(
    'ask-advice',
    '建议|怎么办|怎么做|如何做|该怎么|应该|要不要|该不该|advice|advise|should|tips|recommend|what to do|how to',
  ),
  // Phrases that contain a form above but mean something else: matched, and name nothing.
  concept('', 'for example|pay attention'),
];
