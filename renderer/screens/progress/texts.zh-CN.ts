/**
 * Texts of the progress query's own screens (merged under `progress`); the shared screens' texts
 * are in renderer/i18n/flow.*.ts. vue-i18n syntax: `{name}` is a placeholder.
 */
import type { ApplicationKind, ApplicationStatus, TipOffCategory } from '../../../contract/applications';
import type { NumberPrefix } from '../../../contract/flows/progress';

const kinds = {
  idCard: '居民身份证',
  tempIdCard: '临时身份证',
  exitEntryEndorsement: '出入境签注',
  householdTransfer: '户口迁移',
  noCriminalRecordCertificate: '无犯罪记录证明',
  trafficDecision: '交通违法处罚决定',
  tipOff: '举报',
} as const satisfies Record<ApplicationKind, string>;

const statuses = {
  submitted: '已受理',
  reviewing: '审核中',
  producing: '制证中',
  readyForCollection: '待领取',
  collected: '已领取',
  issued: '已开具',
  awaitingPayment: '待缴款',
  paid: '已缴款',
  received: '已接收',
  closed: '已办结',
  rejected: '不予受理',
  withdrawn: '已撤回',
  voided: '已作废',
} as const satisfies Record<ApplicationStatus, string>;

/** What the resident does next, by state: plain words, never blame. */
const next = {
  submitted: '已经受理，正在等待审核，您不需要做什么。',
  reviewing: '正在审核，请耐心等待，结果会短信通知您。',
  producing: '证件正在制作，制好后会短信通知您领取。',
  readyForCollection: '请带上受理回执和本人身份证件，到领取地点领取。',
  collected: '已经领取，办理完毕。',
  issued: '已经开具，办理完毕。',
  awaitingPayment: '请在缴款期限前缴款：可在本机、银行或交管12123缴纳。',
  paid: '已经缴款，办理完毕。',
  received: '已经收到，正在等待处理。',
  closed: '已经办结。',
  rejected: '没有受理。原因请到派出所服务窗口咨询。',
  withdrawn: '已经撤回。需要时请重新申请。',
  voided: '已经作废。如有疑问，请到派出所服务窗口咨询。',
} as const satisfies Record<ApplicationStatus, string>;

const categories = { fraud: '诈骗', drugs: '涉毒', gambling: '涉赌', publicOrder: '治安问题', other: '其他' } as const satisfies Record<TipOffCategory, string>;

const prefixes = { SQ: '受理编号', JB: '举报查询号' } as const satisfies Record<NumberPrefix, string>;
const prefixHints = { SQ: '受理回执上的编号，SQ 后面 8 到 20 位数字', JB: '举报回执上的查询号，JB 后面 18 位数字' } as const satisfies Record<NumberPrefix, string>;

export default {
  title: '办理进度查询',
  steps: { how: '查询方式', identity: '身份', face: '人脸比对', results: '查询结果' },
  choose: {
    heading: '请选择查询方式',
    voice: '请选择查询方式：用身份证查询您的全部业务，或者输入受理编号、举报查询号查询。',
    byIdentity: '用身份证查询',
    byIdentityBody: '查询您本人在公安机关办理的全部业务。放身份证即可；输入身份证号码的，需要人脸比对。',
    byNumber: '用编号查询',
    byNumberBody: '输入受理回执上的受理编号（还需要核对身份），或举报回执上的查询号（不需要身份证）。',
    privacy: '查询结果只显示在这块屏幕上，您离开后会立即清除，不会打印。',
  },
  number: {
    heading: '请输入编号',
    voice: '请先选择编号的种类，再输入编号上的数字。',
    prefixTitle: '编号的种类',
    prefixes,
    prefixHints,
    digitsLabel: '编号',
    count: '已输入 {count} 位数字',
    confirm: '查询',
    back: '返回',
    problem: { badFormat: '这个编号不对，请对照回执逐位核对后重新输入。' },
    badFormatVoice: '这个编号不对，请对照回执核对后重新输入。',
  },
  lookup: { heading: '正在核对您的身份信息', voice: '正在核对您的身份信息，请稍候。', body: '大约需要几秒钟，请稍候。', number: '身份证号码：{masked}' },
  querying: { heading: '正在查询，请稍候', voice: '正在查询办理进度，请稍候。', body: '正在向公安机关查询，大约需要几秒钟。', number: '身份证号码：{masked}', applicationNo: '编号：{no}' },
  results: {
    heading: '办理进度',
    voice: '查到 {count} 项业务，请看屏幕。',
    emptyVoice: '没有查到业务记录。',
    whose: '身份证号码：{masked}',
    asked: '查询的编号：{no}',
    count: '共 {count} 项',
    empty: '没有查到业务记录',
    emptyNumber: '没有查到这个编号。请核对编号；受理不久的业务可能还没有登记，请过一两天再查。',
    emptyIdentity: '公安机关没有您正在办理或近期办结的业务。',
    kinds,
    statuses,
    next,
    categories,
    number: '编号',
    submitted: '受理日期',
    updated: '最近更新',
    pickUp: '领取地点',
    due: '期限',
    amount: '待缴金额',
    category: '举报类别',
    note: '说明',
    nextTitle: '下一步',
    privacy: '离开后本页信息会立即清除。',
    again: '再查一次',
    finish: '查询完毕，返回首页',
  },
  done: {
    heading: '查询结果已清除',
    voice: '查询结果已经清除。',
    body: '屏幕上的信息已经清除。需要时可以再次查询。',
    finish: '返回首页',
  },
} as const;
