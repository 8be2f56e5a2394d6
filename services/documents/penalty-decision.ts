/**
 * 公安交通管理简易程序处罚决定书 — the simplified-procedure traffic penalty decision, laid out in
 * the order of the national form: issuing unit, title, barcode and number, the party and their
 * licence, the vehicle, the facts ("于…在…实施…违法行为(代码…)，违反了…，依据…"), the decision
 * ("决定予以…元罚款，记…分"), how and where to pay within 15 days and the 3 % a day late fee,
 * the appeal rights, place, seal and date, the party's signature, remarks, and the signed
 * verification QR code.
 */
import { chineseDate, lastDayOfMonths } from './dates';
import { maskIdNumberSafe } from './certificate';
import { renderA4Document, type A4Page } from './layout';
import { fieldsDigest, type CodePayload } from './signing/code';

export interface TrafficPenaltyDecision {
  /** e.g. 北京市公安局公安交通管理局东城交通支队 */
  issuingUnit: string;
  /** The decision number (16 digits in payment systems); printed as a CODE128 barcode too. */
  decisionNumber: string;
  party: {
    name: string;
    /** 驾驶证号 (the ID number for Chinese licences). */
    licenceNumber: string;
    /** 档案编号, 12 digits. */
    licenceFileNumber: string;
    /** 准驾车型, e.g. C1 */
    permittedClass: string;
    /** 联系方式 */
    contact?: string;
    /** 发证机关 of the licence */
    licenceIssuer: string;
  };
  vehicle: { plate: string; plateType: string };
  violation: {
    /** Local time, YYYY-MM-DD HH:mm */
    time: string;
    place: string;
    /** 违法行为, e.g. 机动车违反禁令标志指示的 */
    behaviour: string;
    /** 违法代码, e.g. 13441 */
    code: string;
    /** The provision broken, e.g. 《中华人民共和国道路交通安全法》第三十八条 */
    provisionViolated: string;
    /** The legal basis of the penalty, e.g. 《中华人民共和国道路交通安全法》第九十条 */
    basis: string;
  };
  fineYuan: number;
  points: number;
  /** Where to pay, e.g. 工商银行各网点或"交管12123"APP */
  paymentPlace: string;
  /** Authority for an administrative review, e.g. 北京市公安局公安交通管理局 */
  reviewAuthority: string;
  /** Court for an administrative lawsuit, e.g. 北京市东城区人民法院 */
  court: string;
  /** 处罚地点: where the decision was made (the kiosk's post). */
  decisionPlace: string;
  /** YYYY-MM-DD */
  decidedOn: string;
  /** 执勤民警 or 自助处理 */
  officer?: string;
  remarks?: string;
}

/** A decision's code stays checkable for the 6 months a lawsuit against it may be brought. */
export const decisionCodeExpiry = (d: TrafficPenaltyDecision): string => lastDayOfMonths(d.decidedOn, 6);

export const decisionFields = (d: TrafficPenaltyDecision): Record<string, unknown> => ({ ...d });

/** What the issuer signs for a decision. */
export function decisionCodePayload(d: TrafficPenaltyDecision): Omit<CodePayload, 'keyId'> {
  return {
    kind: 'TPD',
    number: d.decisionNumber,
    maskedId: maskIdNumberSafe(d.party.licenceNumber),
    issued: d.decidedOn,
    expires: decisionCodeExpiry(d),
    purpose: `罚款${d.fineYuan}元 记${d.points}分 ${d.vehicle.plate}`,
    unit: d.issuingUnit,
    digest: fieldsDigest(decisionFields(d)),
  };
}

/** "2026-02-10 08:15" → 2026年2月10日08时15分 */
function chineseDateTime(time: string): string {
  const [date = '', clock = ''] = time.split(' ');
  const [h = '00', m = '00'] = clock.split(':');
  return `${chineseDate(date)}${h}时${m}分`;
}

export function buildTrafficPenaltyDecisionPdf(d: TrafficPenaltyDecision, code: string): Promise<Buffer> {
  const meta = { title: `公安交通管理简易程序处罚决定书 ${d.decisionNumber}`, subject: '公安交通管理简易程序处罚决定书', author: d.issuingUnit, date: new Date(`${d.decidedOn}T00:00:00Z`) };
  return renderA4Document(meta, (page) => drawDecision(page, d, code));
}

function drawDecision(page: A4Page, d: TrafficPenaltyDecision, code: string): void {
  const size = 12.5;
  page.gap(-6).line(d.issuingUnit, { size: 15 }, 'center').gap(2);
  page.title('公安交通管理简易程序处罚决定书', 21).gap(4);

  const barcodeTop = page.y;
  page.barcode(d.decisionNumber, page.left, barcodeTop, 0.9, 26);
  page.textAt(`编号：${d.decisionNumber}`, page.left, barcodeTop + 8, { size: 12 }, { align: 'right' });
  page.gap(42);

  page.fieldTable(
    [
      ['被处罚人', d.party.name, '准驾车型', d.party.permittedClass],
      ['驾驶证号', d.party.licenceNumber, '档案编号', d.party.licenceFileNumber],
      ['联系方式', d.party.contact ?? '', '发证机关', d.party.licenceIssuer],
      ['车辆牌号', d.vehicle.plate, '车辆类型', d.vehicle.plateType],
    ],
    { size: 11.5, labelWidth: 68 },
  );
  page.gap(10);

  const v = d.violation;
  page.paragraph(
    `被处罚人于${chineseDateTime(v.time)}，在${v.place}，实施${v.behaviour}违法行为（代码${v.code}），违反了${v.provisionViolated}的规定，依据${v.basis}，决定予以${d.fineYuan}元罚款，记${d.points}分。`,
    { size },
    { lineHeight: 1.6 },
  );
  page.paragraph(
    `持本决定书在15日内到${d.paymentPlace}缴纳罚款。逾期不缴纳的，每日按罚款数额的3%加处罚款，加处罚款总额不超出罚款数额。`,
    { size },
    { lineHeight: 1.6 },
  );
  page.paragraph(
    `被处罚人如不服本决定，可以在收到本决定书之日起60日内向${d.reviewAuthority}申请行政复议；或者在6个月内向${d.court}提起行政诉讼。`,
    { size },
    { lineHeight: 1.6 },
  );
  page.gap(6);
  page.line(`处罚地点：${d.decisionPlace}`, { size });
  page.line(`执勤民警：${d.officer ?? '自助处理'}`, { size });
  page.gap(14);

  const qrSize = 80;
  page.ensureRoom(qrSize + 40, 'the verification code');
  const blockTop = page.y;
  page.qrCode(code, page.left, blockTop, qrSize, ['扫码核验真伪', 'Scan to verify']);
  page.gap(22);
  page.sealBlock(d.issuingUnit, chineseDate(d.decidedOn), d.issuingUnit, { size: 13 });
  page.y = blockTop + qrSize + 30;

  page.line('被处罚人签名：＿＿＿＿＿＿＿＿＿＿　　　　年　　月　　日', { size });
  page.gap(2).rule(0.6).gap(8);
  page.paragraph(`备注：${d.remarks ?? '无'}`, { size: 11 }, { indentChars: 0, lineHeight: 1.5 });
  page.footer([`决定书编号：${d.decisionNumber}\u3000\u3000${d.issuingUnit}`, '本决定书与窗口处理具有同等法律效力。核验：npm run verify 或离线核验页面（verify/index.html）扫描二维码']);
}
