/**
 * The simulator's no-criminal-record operations: would a certificate be issued (sealed juvenile
 * records do not count), and issuing one (refused when a record exists or a stated purpose is
 * missing after too many a year).
 */
import type * as s from '../gateway/schemas';
import { nextCounter, type SimDatabase } from './db';
import { done, refuse, type Outcome } from './outcome';
import { addDays, addMonths } from './traffic-rules';

export interface ResidentRow {
  id_number: string; name: string; sex: 'male' | 'female'; ethnicity: string; birth_date: string; registered_address: string;
  region_code: string; jurisdiction_code: string; jurisdiction_name: string; photo_ref: string; face_never_matches: number;
  criminal_record: 'none' | 'record' | 'sealedJuvenile';
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export interface CertificateContext {
  db: SimDatabase;
  today: () => string;
  iso: () => string;
  cert: { province: string; district: string; issuingStation: string; maxPerYearWithoutPurpose: number; validityMonths: number };
  hmac: (text: string) => Buffer;
  residentById: { get(idNumber: string): ResidentRow | undefined };
  notFoundPerson: (idNumber: string) => Outcome<never>;
}

export function createCertificateLogic({ db, today, iso, cert, hmac, residentById, notFoundPerson }: CertificateContext) {
const currentYear = () => Number(today().slice(0, 4));
const certificatesThisYear = (idNumber: string) =>
  (db.prepare('SELECT COUNT(*) AS n FROM certificates WHERE id_number = ? AND year = ?').get(idNumber, currentYear()) as { n: number }).n;

/** Would a certificate be issued? Sealed juvenile records do not count. */
function checkCriminalRecord(req: s.CriminalRecordCheckRequest): Outcome<s.CriminalRecordCheck> {
  const r = residentById.get(req.idNumber);
  if (!r) return notFoundPerson(req.idNumber);
  const n = certificatesThisYear(r.id_number);
  return done({ clean: r.criminal_record !== 'record', certificatesThisYear: n, purposeRequired: n >= cert.maxPerYearWithoutPurpose });
}

/** Verification code: 12 characters from an HMAC of the certificate number. */
function verificationCode(certificateNo: string): string {
  const mac = hmac(`certificate/${certificateNo}`);
  let code = '';
  for (let i = 0; i < 12; i++) code += CODE_ALPHABET[mac[i]! % CODE_ALPHABET.length];
  return code;
}

/** Issues a no-criminal-record certificate, or refuses (record exists, purpose missing). */
function issueCriminalRecordCertificate(req: s.IssueCertificateRequest): Outcome<s.NoCriminalRecordCertificate> {
  const r = residentById.get(req.idNumber);
  if (!r) return notFoundPerson(req.idNumber);
  if (r.criminal_record === 'record') return refuse(422, 'recordExists', 'a record exists: the certificate is handled at the counter');
  if (certificatesThisYear(r.id_number) >= cert.maxPerYearWithoutPurpose && !req.purpose) {
    return refuse(422, 'purposeRequired', `more than ${cert.maxPerYearWithoutPurpose} certificates this year: state a purpose`);
  }
  const year = currentYear();
  const certificateNo = `${cert.province}公(${cert.district})证(${year})第${nextCounter(db, `certificate/${year}`)}号`;
  const issuedAt = iso();
  const code = verificationCode(certificateNo);
  db.prepare('INSERT INTO certificates (certificate_no, id_number, year, purpose, issued_at, verification_code) VALUES (?,?,?,?,?,?)')
    .run(certificateNo, r.id_number, year, req.purpose ?? null, issuedAt, code);
  const eighteenth = addMonths(r.birth_date, 18 * 12);
  return done({
    certificateNo, name: r.name, nationality: '中国', documentType: '居民身份证', idNumber: r.id_number,
    ...(req.purpose ? { purpose: req.purpose } : {}),
    periodFrom: eighteenth < today() ? eighteenth : r.birth_date, periodTo: today(),
    statement: '经查询，未发现该人在我国境内有犯罪记录。', issuingStation: cert.issuingStation, issuedAt,
    validUntil: addDays(addMonths(today(), cert.validityMonths), -1), verificationCode: code,
  });
}


  return { checkCriminalRecord, issueCriminalRecordCertificate };
}
