/**
 * Texts of the shared flow screens every service uses (identity, face, payment, printing frame,
 * ending), merged under `flow`. A service's own texts (renderer/screens/<service>/texts.*.ts) may
 * override a reason with words of its own. Plain words for elderly residents: what happened, what it
 * means for their money, what to do next. vue-i18n syntax: `{name}` is a placeholder; never use |
 * or @ in these texts.
 */
import type { CommonReason, IdentityProblem, MoneyStatus } from '../../contract/flows/common';

type Reasons = Record<CommonReason, { title: string; next: string }>;
type Problems = Record<IdentityProblem, string>;
type Money = Record<MoneyStatus, string>;

const reasons = {
  cancelled: { title: '本次办理已取消', next: '需要时可以重新办理。' },
  timeout: { title: '等待时间过长，本次办理已结束', next: '需要时请重新办理。如需帮助，请拨打屏幕上方的值班电话。' },
  serviceDisabled: { title: '本机暂时不能办理这项业务', next: '请到派出所服务窗口办理。' },
  identityNotFound: { title: '没有查到您的户籍信息', next: '请带上户口簿到派出所服务窗口办理。' },
  cameraUnavailable: { title: '摄像头无法使用，不能进行人脸比对', next: '请到派出所服务窗口办理，民警会当面为您核对身份。' },
  faceMismatch: { title: '人脸比对没有通过', next: '请带上身份证件到派出所服务窗口办理，民警会当面为您核对身份。' },
  backendUnavailable: { title: '暂时连接不上公安系统', next: '请稍后再试，或到派出所服务窗口办理。' },
  paymentFailed: { title: '缴费没有成功', next: '可以重新办理再试一次，或到派出所服务窗口办理。' },
  paymentTimeout: { title: '缴费时间已过，订单已关闭', next: '需要时请重新办理。' },
  deviceNotReady: { title: '设备维护中，本次办理已停止', next: '没有扣您的钱。请到派出所服务窗口办理。' },
  journalUnavailable: { title: '本机出现故障，暂时不能办理', next: '已通知工作人员。请到派出所服务窗口办理。' },
  internalError: { title: '本机出现故障，本次办理已结束', next: '已通知工作人员。请到派出所服务窗口办理。' },
} as const satisfies Reasons;

const identityProblems = {
  readFailed: '身份证没有读出来。请把身份证平放在读卡区，不要移动；也可以在下方输入号码。',
  notResidentCard: '这张证件不是居民身份证。居住证或外国人证件请到服务窗口办理。',
  tooShort: '号码不够18位，请补全。',
  tooLong: '号码超过了18位，请删除多余的。',
  invalidCharacter: '号码里有不对的字符。字母 X 只能在最后一位。',
  badRegion: '前6位地区码不对，请核对。',
  badBirthDate: '第7到14位出生日期不对，请核对。',
  badCheckCharacter: '这个号码核对不上，可能有一位输错了。请对照身份证或户口簿，逐位核对后重新输入。',
} as const satisfies Problems;

const money = {
  notCharged: '没有扣您的钱。',
  charged: '已收取费用 {amount} 元。',
  refunded: '已付的 {amount} 元已原路退回您的付款账户，一般 1 至 3 个工作日到账。',
  refundByStaff: '已付的 {amount} 元暂未能自动退回，工作人员将为您退款，请保留凭条。',
  unknownByStaff: '暂未能确认是否扣了 {amount} 元，工作人员将核实并退回任何扣款，请保留付款记录。',
} as const satisfies Money;

export default {
  exit: {
    cancel: '取消办理',
    home: '返回首页',
    leaving: '正在取消，请稍候',
    discardTitle: '确定要取消吗？',
    discardBody: '您已输入的号码会被清除。',
    discardKeep: '继续输入',
    discardYes: '确定取消',
  },
  loading: '正在准备，请稍候',
  startFailed: { title: '暂时不能开始办理', next: '请稍后再试，或到派出所服务窗口办理。' },
  invalidView: { title: '屏幕显示出错', next: '本次办理已停止，没有扣您的钱。请返回首页重新办理，或拨打屏幕上方的值班电话。' },
  refused: '刚才的操作没有成功，请再试一次。',
  identity: {
    readerDownTitle: '读卡器暂时不能使用。',
    readerDownBody: '请在下方输入您的18位身份证号码。',
    readerDownVoice: '读卡器暂时不能使用，请在屏幕上输入身份证号码。',
    heading: '请提供您的身份证号码',
    voice: '请把身份证放在读卡区，或者在屏幕上输入身份证号码。',
    cardTitle: '有身份证',
    cardBody: '请把身份证平放在下方读卡区，不要移动。',
    cardAlt: '示意图：把身份证放在读卡区',
    typeTitle: '身份证不在身边？请输入18位号码',
    typedMasked: '您输入的号码：{masked}',
    checking: '正在核对，请稍候',
    problemTitle: '请注意：',
    wayCard: '我带了身份证，放在读卡区',
    wayType: '在屏幕上输入身份证号码',
  },
  face: {
    heading: '人脸比对',
    voice: '请正对摄像头，把脸放在椭圆框内，眨眨眼。',
    attempt: '第 {attempt} 次，共可拍 {max} 次',
    noMatch: '刚才的照片没有比对通过，请摘下帽子和眼镜，正对摄像头再拍一次。',
    badImage: '刚才的照片不清楚，请正对摄像头、不要移动，再拍一次。',
    checking: '正在比对，请稍候',
    checkingVoice: '正在比对，请稍候。',
    unavailableTitle: '摄像头无法使用',
    unavailableNext: '请到派出所服务窗口办理。',
  },
  payment: {
    heading: '请缴费 {fee} 元',
    voice: '请用微信或支付宝扫描屏幕上的二维码缴费，也可以把手机付款码对准下方扫码器。',
    qrLabel: '微信或支付宝扫码付款',
    scanner: '或者：打开手机付款码，对准屏幕下方的扫码器',
    creating: '正在生成付款码，请稍候',
    charging: '正在扣款，请稍候，不要离开',
    cancelling: '正在取消订单，请稍候',
    moneyRule: '如果您取消或超过时间没有付款，不会扣钱；如果钱已经扣了，会自动退回。',
    countdown: '剩余付款时间',
    expired: '付款时间已到，正在确认订单，请稍候',
    declined: {
      paymentDeclined: '付款没有成功，没有扣钱。请再扫一次，或换一种付款方式。',
      insufficientFunds: '账户余额不足，没有扣钱。请换一张卡或换一种付款方式。',
      invalidAuthCode: '付款码没有识别成功，没有扣钱。请刷新付款码后再扫一次。',
      other: '付款没有成功，没有扣钱。请再试一次。',
    },
  },
  ended: {
    moneyTitle: '关于您的钱',
    ticket: '工作单号：',
    slipPrinted: '已打印一张说明凭条，请取走并保留。',
    home: '返回首页',
  },
  ui: {
    cancel: '取消办理',
    steps: { label: '办理步骤', position: '第 {step} 步，共 {total} 步', labelSeparator: '：' },
    keypad: { label: '数字键盘', x: '字母 X', deleteShort: '删除', clear: '全部清除' },
    idEntry: {
      typed: '已输入 {count} 位',
      count: '已输入 {count} 位，共18位',
      hint: '最后一位如果是 X，请按 X 键。',
      complete: '号码格式正确，请按“确认号码”。',
      confirm: '确认号码',
    },
    idProblem: identityProblems,
    camera: {
      opening: '正在打开摄像头',
      prompt: { look: '请正对摄像头，把脸放在框内。', blink: '请眨眨眼。', hold: '请保持不动。' },
      autoIn: '{seconds} 秒后自动拍照。',
      checking: '已拍好，请稍候',
      captureNow: '现在拍照',
    },
    qr: { loading: '正在生成二维码', failed: '二维码暂时无法显示，请用手机付款码对准下方扫码器。' },
    countdown: { label: '剩余时间', words: '{minutes} 分 {seconds} 秒', hurry: '时间快到了' },
    pinyin: {
      placeholder: '请用下面的拼音键盘输入',
      count: '{count}/{max} 字',
      composing: '正在输入的拼音',
      hint: '输入拼音后，点选上面的字',
      loading: '正在准备输入法，请稍候',
      failed: '输入法暂时不能使用',
      previous: '上一页候选字',
      next: '下一页候选字',
      split: '隔音符号',
      first: '选第一个',
      space: '空格',
      symbols: '数字标点',
      letters: '拼音字母',
    },
    part: { pending: '等待中', active: '进行中', done: '已完成', failed: '没有成功', skipped: '已跳过' },
  },
  reasons,
  identityProblems,
  money,
} as const;
