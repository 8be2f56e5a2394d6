/**
 * The simulator's no-criminal-record certificates (公安机关办理犯罪记录查询工作规定, 2021): the check,
 * the issue — numbered in the issuing unit's format and signed like the real issuer, an SM2/SM3
 * verification code over every printed field (services/documents) — the lookup for a reprint, and
 * the void that compensates an issue that was never delivered.
 *
 * Sealed juvenile records (a crime before 18, sentence ≤ 5 years) do not appear: such a person gets
 * the same certificate as anyone without a record. A voided certificate no longer counts towards
 * the yearly number and is never answered as `issued` again; voiding a reference under which
 * nothing was issued yet makes sure nothing ever will be (a late retry of the issue is refused).
 */
import { certificateCodePayload, certificateExpiry, certificatePeriod, simulatorSigner, type DocumentSigner } from '../documents';
import type * as s from '../gateway/schemas';
import { nextCounter, type ResidentRow, type SimDatabase } from './db';
import { done, refuse, type Outcome } from './outcome';

export interface CertificateOptions {
  /** Province abbreviation and unit in the number: 京公(东)证字〔2025〕第000004号. */
  province?: string;
  district?: string;
  issuingStation?: string;
  /** Certificates a year after which a stated purpose (用途说明) is required. */
  maxPerYearWithoutPurpose?: number;
  /** Who signs (default: the simulator's development key, which npm run verify trusts). */
  signer?: DocumentSigner;
}


const SCHEMA = `
CREATE TABLE IF NOT EXISTS certificate_issues (
  kiosk_reference TEXT PRIMARY KEY,
  certificate_no TEXT NOT NULL UNIQUE REFERENCES certificates(certificate_no),
  document TEXT NOT NULL CHECK (json_valid(document)),
  valid_until TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS certificate_voidings (
  kiosk_reference TEXT PRIMARY KEY,
  certificate_no TEXT,
  reason TEXT NOT NULL,
  voided_at TEXT NOT NULL
) STRICT;
`;

export function createCertificateLogic(deps: { db: SimDatabase; today: () => string; iso: () => string; resident: (idNumber: string) => ResidentRow | undefined; options?: CertificateOptions }) {
  const { db, today, iso } = deps;
  const cert = { province: '京', district: '东', issuingStation: '北京市公安局东城分局东华门派出所', maxPerYearWithoutPurpose: 3, ...deps.options };
  const signer = deps.options?.signer ?? simulatorSigner();
  db.exec(SCHEMA);

  const year = () => Number(today().slice(0, 4));
  const countThisYear = (idNumber: string) =>
    (db.prepare(`SELECT COUNT(*) AS n FROM certificates WHERE id_number = ? AND year = ?
      AND certificate_no NOT IN (SELECT certificate_no FROM certificate_voidings WHERE certificate_no IS NOT NULL)`).get(idNumber, year()) as { n: number }).n;
  const notFound = (): Outcome<never> => refuse(404, 'notFound', 'no registry record for this ID number');

  const issueByReference = db.prepare<[string], { certificate_no: string; document: string; valid_until: string; verification_code: string }>(
    `SELECT i.certificate_no, i.document, i.valid_until, c.verification_code FROM certificate_issues i JOIN certificates c USING (certificate_no) WHERE i.kiosk_reference = ?`,
  );
  const voidingOf = db.prepare<[string], { kiosk_reference: string; certificate_no: string | null; voided_at: string }>('SELECT * FROM certificate_voidings WHERE kiosk_reference = ?');

  const answer = (row: { certificate_no: string; document: string; valid_until: string; verification_code: string }, voided: boolean): s.NoCriminalRecordCertificate => ({
    certificateNo: row.certificate_no,
    status: voided ? 'voided' : 'issued',
    document: JSON.parse(row.document) as s.CertificateDocument,
    validUntil: row.valid_until,
    verificationCode: row.verification_code,
  });

  /** Would a certificate be issued? Sealed juvenile records do not count. */
  function checkCriminalRecord(req: s.CriminalRecordCheckRequest): Outcome<s.CriminalRecordCheck> {
    const r = deps.resident(req.idNumber);
    if (!r) return notFound();
    const n = countThisYear(r.id_number);
    return done({ clean: r.criminal_record !== 'record', certificatesThisYear: n, purposeRequired: n >= cert.maxPerYearWithoutPurpose });
  }

  /** Issues and signs a certificate, or refuses (record exists, stated purpose missing, reference voided). */
  function issueCriminalRecordCertificate(req: s.IssueCertificateRequest): Outcome<s.NoCriminalRecordCertificate> {
    const r = deps.resident(req.idNumber);
    if (!r) return notFound();
    if (voidingOf.get(req.kioskReference)) return refuse(409, 'certificateVoided', 'this kiosk reference was voided: nothing is issued under it');
    const earlier = issueByReference.get(req.kioskReference);
    if (earlier) return done(answer(earlier, false));
    if (r.criminal_record === 'record') return refuse(422, 'recordExists', 'a certificate cannot be issued at a kiosk: the counter handles this request');
    if (countThisYear(r.id_number) >= cert.maxPerYearWithoutPurpose && !req.purposeStatement) {
      return refuse(422, 'purposeRequired', `more than ${cert.maxPerYearWithoutPurpose} certificates this year: state the purpose`);
    }
    const issuedOn = today();
    const number = `${cert.province}公(${cert.district})证字〔${year()}〕第${String(nextCounter(db, `certificate/${year()}`)).padStart(6, '0')}号`;
    const period = certificatePeriod(r.birth_date, issuedOn, req.periodRule);
    const document: s.CertificateDocument = {
      number, name: r.name, sex: r.sex === 'male' ? '男' : '女', nationality: '中国', documentType: '居民身份证', documentNumber: r.id_number,
      purpose: req.purpose, periodFrom: period.from, periodTo: period.to, issuingUnit: cert.issuingStation, issuedOn, validMonths: req.validityMonths,
    };
    const code = signer.sign(certificateCodePayload(document));
    const validUntil = certificateExpiry(document);
    db.prepare('INSERT INTO certificates (certificate_no, id_number, year, purpose, issued_at, verification_code) VALUES (?,?,?,?,?,?)').run(number, r.id_number, year(), req.purpose, iso(), code);
    db.prepare('INSERT INTO certificate_issues (kiosk_reference, certificate_no, document, valid_until) VALUES (?,?,?,?)').run(req.kioskReference, number, JSON.stringify(document), validUntil);
    return done({ certificateNo: number, status: 'issued', document, validUntil, verificationCode: code });
  }

  /** The certificate again by its number (for a reprint); a voided one says so. */
  function getCriminalRecordCertificate(req: { certificateNo: string }): Outcome<s.NoCriminalRecordCertificate> {
    const row = db.prepare<[string], { kiosk_reference: string; certificate_no: string; document: string; valid_until: string; verification_code: string }>(
      'SELECT i.*, c.verification_code FROM certificate_issues i JOIN certificates c USING (certificate_no) WHERE i.certificate_no = ?',
    ).get(req.certificateNo);
    if (!row) return refuse(404, 'notFound', 'no certificate with this number was issued to a kiosk');
    return done(answer(row, voidingOf.get(row.kiosk_reference) !== undefined));
  }

  /** Voids what was issued under a kiosk reference (or bars the reference); idempotent. */
  function voidCriminalRecordCertificate(req: s.VoidCertificateRequest): Outcome<s.CertificateVoiding> {
    const already = voidingOf.get(req.kioskReference);
    const toAnswer = (v: { kiosk_reference: string; certificate_no: string | null; voided_at: string }): s.CertificateVoiding => ({
      kioskReference: v.kiosk_reference, certificateNo: v.certificate_no, status: v.certificate_no ? 'voided' : 'nothingIssued', voidedAt: v.voided_at,
    });
    if (already) return done(toAnswer(already));
    const issued = issueByReference.get(req.kioskReference);
    db.prepare('INSERT INTO certificate_voidings (kiosk_reference, certificate_no, reason, voided_at) VALUES (?,?,?,?)').run(req.kioskReference, issued?.certificate_no ?? null, req.reason, iso());
    return done(toAnswer(voidingOf.get(req.kioskReference)!));
  }

  return { checkCriminalRecord, issueCriminalRecordCertificate, getCriminalRecordCertificate, voidCriminalRecordCertificate };
}
