/**
 * 无犯罪记录证明 — the no-criminal-record certificate (公安机关办理犯罪记录查询工作规定, 2021):
 * certificate number, the person and their document (number in full: the certificate is theirs),
 * purpose, the period covered, the statement that no criminal record was found, the issuing
 * police station, date and seal, validity (3 months), and the signed verification QR code.
 */
import { maskIdNumber } from '../../contract/id-number';
import { addYears, chineseDate, lastDayOfMonths } from './dates';
import { renderA4Document, type A4Page } from './layout';
import { fieldsDigest, type CodePayload } from './signing/code';

export interface NoCriminalRecordCertificate {
  /** e.g. 京公(东)证字〔2026〕第000123号 */
  number: string;
  name: string;
  sex: '男' | '女';
  nationality: string;
  /** e.g. 居民身份证 */
  documentType: string;
  documentNumber: string;
  /** 用途, e.g. 就业 */
  purpose: string;
  /** 证明时限: the period the query covered, YYYY-MM-DD. */
  periodFrom: string;
  periodTo: string;
  /** The police station that issues it, e.g. 北京市公安局东城分局东华门派出所 */
  issuingUnit: string;
  /** Text on the seal (defaults to the issuing unit). */
  sealText?: string;
  /** YYYY-MM-DD */
  issuedOn: string;
  /** Validity in months (3 in most provinces). */
  validMonths?: number;
  /** Extra notes printed under the body, e.g. 本证明不作为诉讼、仲裁证据使用 (Guangdong). */
  notes?: readonly string[];
}

/**
 * 证明时限: from the 18th birthday (`fromAge18`; from birth for someone not yet 18) or from birth,
 * up to the day of issue. The issuer decides the printed period this way; a kiosk shows it before.
 */
export function certificatePeriod(birthDate: string, issuedOn: string, rule: 'fromAge18' | 'fromBirth'): { from: string; to: string } {
  const eighteenth = addYears(birthDate, 18);
  return { from: rule === 'fromAge18' && eighteenth <= issuedOn ? eighteenth : birthDate, to: issuedOn };
}

/** The last day the certificate is valid. */
export const certificateExpiry = (c: NoCriminalRecordCertificate): string => lastDayOfMonths(c.issuedOn, c.validMonths ?? 3);

/** What the issuer signs: the code's fields, with a digest of every printed field. */
export function certificateCodePayload(c: NoCriminalRecordCertificate): Omit<CodePayload, 'keyId'> {
  return {
    kind: 'NCR',
    number: c.number,
    maskedId: maskIdNumberSafe(c.documentNumber),
    issued: c.issuedOn,
    expires: certificateExpiry(c),
    purpose: c.purpose,
    unit: c.issuingUnit,
    digest: fieldsDigest(certificateFields(c)),
  };
}

/** The printed fields, as the digest covers them. */
export function certificateFields(c: NoCriminalRecordCertificate): Record<string, unknown> {
  return { ...c, validMonths: c.validMonths ?? 3, sealText: c.sealText ?? c.issuingUnit, notes: c.notes ?? [] };
}

/** Masks an ID number; other document numbers keep their first 2 and last 2 characters. */
export function maskIdNumberSafe(number: string): string {
  if (/^\d{17}[\dXx]$/.test(number)) return maskIdNumber(number.toUpperCase());
  const chars = [...number];
  return chars.length <= 4 ? '*'.repeat(chars.length) : `${chars.slice(0, 2).join('')}${'*'.repeat(chars.length - 4)}${chars.slice(-2).join('')}`;
}

/** Lays out the certificate; `code` is the issuer's signed verification code. */
export function buildNoCriminalRecordCertificatePdf(c: NoCriminalRecordCertificate, code: string): Promise<Buffer> {
  const meta = { title: `无犯罪记录证明 ${c.number}`, subject: '无犯罪记录证明', author: c.issuingUnit, date: new Date(`${c.issuedOn}T00:00:00Z`) };
  return renderA4Document(meta, (page) => drawCertificate(page, c, code));
}

function drawCertificate(page: A4Page, c: NoCriminalRecordCertificate, code: string): void {
  const expiry = certificateExpiry(c);
  const qrSize = 96;

  page.gap(6).line(c.number, { size: 12 }, 'right').gap(26);
  page.title('无犯罪记录证明', 28).gap(22);
  page.fieldTable([
    ['姓　　名', c.name, '性　　别', c.sex],
    ['国　　籍', c.nationality, '证件类型', c.documentType],
    ['证件号码', c.documentNumber],
    ['用　　途', c.purpose],
    ['证明时限', `${chineseDate(c.periodFrom)}至${chineseDate(c.periodTo)}`],
  ]);
  page.gap(26);
  page.paragraph(
    `经查询全国违法犯罪人员信息资源库，${c.name}（${c.documentType}号码：${c.documentNumber}）在${chineseDate(c.periodFrom)}至${chineseDate(c.periodTo)}期间，未发现有犯罪记录。`,
    { size: 14.5 },
  );
  page.paragraph('特此证明。', { size: 14.5 });
  page.gap(30);
  // The verification QR sits left of the issuer's block, where a stamped form has room.
  page.ensureRoom(qrSize + 30, 'the verification code');
  page.qrCode(code, page.left, page.y - 8, qrSize, ['扫码核验真伪', 'Scan to verify']);
  page.gap(22);
  page.sealBlock(c.issuingUnit, chineseDate(c.issuedOn), c.sealText ?? c.issuingUnit, { size: 14.5 });
  page.gap(qrSize - 40);
  const notes = [
    `本证明有效期${c.validMonths ?? 3}个月，自开具之日起计算，至${chineseDate(expiry)}止。`,
    '本证明仅证明被查询人在上述期间内未发现有犯罪记录，不证明其他情况。',
    ...(c.notes ?? []),
    '二维码为签发机关的国密（SM2/SM3）签名核验码，可离线核验本证明的真伪和有效期。',
  ];
  page.line('注：', { size: 11 });
  notes.forEach((note, i) => page.paragraph(`${i + 1}. ${note}`, { size: 11 }, { indentChars: 0, lineHeight: 1.5 }));

  page.footer([`证明编号：${c.number}\u3000\u3000签发单位：${c.issuingUnit}`, '核验：npm run verify 或离线核验页面（verify/index.html）扫描二维码']);
}
