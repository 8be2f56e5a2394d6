/**
 * Texts of the tip-off's own screens (merged under `tipOff`); the shared screens' texts are in
 * renderer/i18n/flow.*.ts. vue-i18n syntax: `{name}` is a placeholder.
 */
import type { TipOffCategory } from '../../../contract/applications';
import type { CommonReason } from '../../../contract/flows/common';
import type { TipOffReason } from '../../../contract/flows/tip-off';

const categories = {
  fraud: { name: '诈骗', hint: '电信网络诈骗、冒充公检法、刷单返利等' },
  drugs: { name: '涉毒', hint: '吸毒、贩毒、种植毒品原植物等' },
  gambling: { name: '涉赌', hint: '聚众赌博、网络赌博、赌博机等' },
  publicOrder: { name: '治安问题', hint: '打架斗殴、噪音扰民、消防隐患等' },
  other: { name: '其他', hint: '其他违法犯罪线索' },
} as const satisfies Record<TipOffCategory, { name: string; hint: string }>;

const reasons = {
  rateLimited: { title: '本机暂时不能再接收举报', next: '请稍后再来，或拨打 110、到派出所服务窗口举报。紧急情况请直接拨打 110。' },
  notSent: { title: '举报没有发送成功', next: '您的举报没有送达，请拨打 110 或到派出所服务窗口举报。' },
} as const satisfies Record<Exclude<TipOffReason, CommonReason>, { title: string; next: string }>;

export default {
  title: '随手举报',
  steps: { notice: '须知', report: '举报内容', identity: '匿名或实名', confirm: '确认', done: '完成' },
  notice: {
    heading: '举报须知',
    voice: '紧急情况请直接拨打110。举报默认匿名，发送后打印查询号。同意请按同意。',
    emergencyTitle: '正在发生的紧急情况，请立即拨打 110',
    emergency: '本机的举报由民警在工作时间处理，不能代替报警。',
    howTitle: '怎样举报',
    how: { category: '选择举报类别', place: '可以写下地点（也可以不写）', text: '简要写下情况，最多 {max} 个字', identity: '选择匿名（默认）或实名', send: '确认后发送，打印查询号' },
    anonymous: '默认匿名：不需要身份证，不记录您是谁。凭查询号可在“进度查询”中查看处理情况。',
    privacy: '您写的内容只发送给公安机关，本机不保存。',
    honest: '请如实举报。故意捏造事实诬告陷害他人，要承担法律责任。',
    accept: '同意，开始举报',
    decline: '不同意',
  },
  category: { heading: '您要举报哪一类情况？', voice: '请选择举报类别。', options: categories, back: '返回' },
  place: {
    heading: '在哪里发生的？（可以不写）',
    voice: '如果知道地点，请输入地点；不写请按跳过。',
    hint: '例如：东华门大街12号地下室。最多 {max} 个字。',
    keyboard: '地点输入键盘',
    next: '下一步',
    skip: '不写地点，跳过',
    back: '返回',
    problem: { tooLong: '地点太长了，最多 {max} 个字。' },
  },
  text: {
    heading: '请简要写下情况',
    voice: '请简要写下发生了什么，写完按下一步。',
    hint: '什么人、什么时间、做了什么。至少 {min} 个字，最多 {max} 个字。',
    keyboard: '举报内容输入键盘',
    next: '下一步',
    back: '返回',
    problem: { empty: '请先写下情况，再按下一步。', tooShort: '写得太少了，请至少写 {min} 个字。', tooLong: '太长了，最多 {max} 个字。' },
  },
  anonymity: {
    heading: '匿名还是实名举报？',
    voice: '请选择匿名或实名举报。不选择就是匿名。',
    anonymous: '匿名举报',
    anonymousBody: '不需要身份证，不记录您是谁。凭查询号查看处理情况。',
    named: '实名举报',
    namedBody: '放身份证核对身份，民警需要时可以联系您。处理情况可以用身份证查询。',
    back: '返回',
  },
  lookup: { heading: '正在核对您的身份信息', voice: '正在核对您的身份信息，请稍候。', body: '大约需要几秒钟，请稍候。', number: '身份证号码：{masked}' },
  confirm: {
    heading: '请核对举报内容',
    voice: '请核对举报内容，无误请按确认发送。',
    category: '类别',
    place: '地点',
    noPlace: '未填写',
    text: '情况',
    who: '举报人',
    anonymous: '匿名',
    named: '实名（身份证号码：{masked}）',
    edit: '修改内容',
    submit: '确认发送',
    final: '发送后不能撤回。',
  },
  submitting: { heading: '正在发送，请稍候', voice: '正在发送您的举报，请稍候。', body: '发送后不能撤回，请不要离开。' },
  printing: { heading: '举报已送达，正在打印查询号', voice: '举报已经送达，正在打印查询号，请稍候。', number: '查询号：{no}' },
  done: {
    heading: '举报已送达，谢谢您',
    voice: '举报已经送达，谢谢您。请取走查询号回执。',
    noSlipVoice: '举报已经送达，谢谢您。回执没有打印出来，请记下屏幕上的查询号。',
    numberTitle: '查询号',
    slipPrinted: '查询号回执已从下方出纸口打出，请取走并妥善保管。',
    slipNotPrinted: '回执没有打印出来，请用手机拍下或抄下这个查询号。工作人员也可以为您补打。',
    how: '凭查询号可在本机“进度查询”中查看处理情况，不需要身份证。',
    named: '您是实名举报，也可以用身份证查询。',
    finish: '完成，返回首页',
  },
  reasons,
} as const;
