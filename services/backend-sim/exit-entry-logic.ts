/**
 * The simulator's exit-entry administration (出入境管理): permit holders, the face of a holder against
 * the chip's photo and the photo on file, what a holder may have endorsed, the approval of a paid
 * endorsement — numbered, dated and signed with the issuer's write authorisation exactly as the
 * chip model verifies it (devices/icao9303/endorsement.ts, the simulator's test issuer key) — and the
 * withdrawal that compensates an approval the chip never received.
 *
 * The administration's own refusals: a permit reported lost or invalidated, a type the holder has no
 * record for (family visits need relatives on record, business a business record), a fee that is not
 * the fee, an order that is not paid. The kiosk's rules (first-time, non-local, state employees)
 * are the kiosk's configuration: the facts are answered, the kiosk decides.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { signAuthorisation } from '../../devices/icao9303/endorsement';
import { keyPairFromScalar, testPki } from '../../devices/travel-permit-sim/pki';
import type * as s from '../gateway/schemas';
import { nextCounter, type SimDatabase } from './db';
import { PERMIT_HOLDERS } from './exit-entry-fixtures';
import { done, refuse, type Outcome } from './outcome';
import { addDays, addMonths } from './traffic-rules';

export interface ExitEntryOptions {
  /** Who signs write authorisations (default: the permit simulator's test issuer key, which its chips trust). */
  issuerKey?: KeyObject;
  issuingOffice?: string;
  fees?: { oneTripFen: number; twoTripsFen: number; multipleTripsFen: number };
}

interface HolderRow {
  document_number: string; document_code: 'CS' | 'CD'; id_number: string; name: string; birth_date: string; expiry: string;
  status: 'valid' | 'reportedLost' | 'invalidated'; region_code: string; state_employee: number; earlier_endorsements: number;
  relatives_record: number; business_record: number; face_never_matches: number;
}

interface EndorsementRow {
  serial: string; kiosk_reference: string; document_number: string; type: s.ChipEndorsementRecord['type']; destination: s.ChipEndorsementRecord['destination'];
  trips: 0 | 1 | 2; valid_until: string; issuing_office: string; fee_fen: number; order_id: string; authorisation: string; approved_at: string;
}

interface PaidOrder { order_id: string; status: string; purpose: string; amount_fen: number; refunded_fen: number }

const SCHEMA = `
CREATE TABLE IF NOT EXISTS permit_holders (
  document_number TEXT PRIMARY KEY,
  document_code TEXT NOT NULL CHECK (document_code IN ('CS','CD')),
  id_number TEXT NOT NULL,
  name TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  expiry TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid','reportedLost','invalidated')),
  region_code TEXT NOT NULL,
  state_employee INTEGER NOT NULL DEFAULT 0,
  earlier_endorsements INTEGER NOT NULL DEFAULT 0,
  relatives_record INTEGER NOT NULL DEFAULT 0,
  business_record INTEGER NOT NULL DEFAULT 0,
  face_never_matches INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TABLE IF NOT EXISTS endorsements (
  serial TEXT PRIMARY KEY,
  kiosk_reference TEXT NOT NULL UNIQUE,
  document_number TEXT NOT NULL REFERENCES permit_holders(document_number),
  type TEXT NOT NULL,
  destination TEXT NOT NULL,
  trips INTEGER NOT NULL,
  valid_until TEXT NOT NULL,
  issuing_office TEXT NOT NULL,
  fee_fen INTEGER NOT NULL,
  order_id TEXT NOT NULL UNIQUE,
  authorisation TEXT NOT NULL,
  approved_at TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS endorsement_withdrawals (
  kiosk_reference TEXT PRIMARY KEY,
  serial TEXT,
  reason TEXT NOT NULL,
  withdrawn_at TEXT NOT NULL
) STRICT;
`;

/** A face image the comparison accepts: JPEG (FF D8 FF) or JPEG 2000 (JP2 box or codestream). */
function isFaceImage(bytes: Buffer): boolean {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return true;
  if (bytes.length >= 12 && bytes.subarray(4, 8).toString('latin1') === 'jP  ') return true;
  return bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0x4f && bytes[2] === 0xff && bytes[3] === 0x51;
}

export function createExitEntryLogic(deps: { db: SimDatabase; today: () => string; iso: () => string; threshold: number; order: (orderId: string) => PaidOrder | undefined; options?: ExitEntryOptions }) {
  const { db, today, iso, threshold } = deps;
  const fees = { oneTripFen: 1500, twoTripsFen: 3000, multipleTripsFen: 8000, ...deps.options?.fees };
  const issuingOffice = deps.options?.issuingOffice ?? '公安部出入境管理局';
  let issuerKey = deps.options?.issuerKey ?? testPki().endorsementIssuer.privateKey;
  /** Test control: the next approval is signed with a key the chips do not trust (their write is refused). */
  let unknownKeyNext = false;
  db.exec(SCHEMA);
  seed(db);

  const holderOf = db.prepare<[string], HolderRow>('SELECT * FROM permit_holders WHERE document_number = ?');
  const endorsementOf = db.prepare<[string], EndorsementRow>('SELECT * FROM endorsements WHERE kiosk_reference = ?');
  const withdrawalOf = db.prepare<[string], { kiosk_reference: string; serial: string | null; withdrawn_at: string }>('SELECT * FROM endorsement_withdrawals WHERE kiosk_reference = ?');
  const issuedCount = db.prepare<[string], { n: number }>(
    'SELECT COUNT(*) AS n FROM endorsements WHERE document_number = ? AND kiosk_reference NOT IN (SELECT kiosk_reference FROM endorsement_withdrawals)',
  );
  const notFound = (): Outcome<never> => refuse(404, 'notFound', 'no permit with this number is on record');

  const score = (parts: (Buffer | string)[], never: boolean): number => {
    const hash = createHash('sha256');
    for (const part of parts) hash.update(part);
    const unit = hash.digest().readUInt16BE(0) / 0xffff;
    const value = never ? 0.1 + unit * (threshold - 0.2) : threshold + 0.05 + unit * (0.99 - threshold - 0.05);
    return Math.round(value * 1000) / 1000;
  };

  /** The capture against the chip's photo and the photo on file; deterministic in the bytes. */
  function comparePermitFace(req: s.PermitFaceComparisonRequest): Outcome<s.PermitFaceComparison> {
    const holder = holderOf.get(req.documentNumber);
    if (!holder) return notFound();
    const capture = Buffer.from(req.imageBase64, 'base64');
    const chipFace = Buffer.from(req.chipFaceBase64, 'base64');
    if (!isFaceImage(capture) || capture[0] !== 0xff) return refuse(422, 'badImage', 'the capture is not a JPEG image');
    if (!isFaceImage(chipFace)) return refuse(422, 'badImage', "the chip's photo is not a JPEG or JPEG 2000 image");
    const never = holder.face_never_matches === 1;
    const chip = score([capture, chipFace], never);
    const onFile = score([capture, req.documentNumber], never);
    return done({ chip: { score: chip, match: chip >= threshold }, onFile: { score: onFile, match: onFile >= threshold }, threshold, match: chip >= threshold && onFile >= threshold });
  }

  const typesFor = (holder: HolderRow): s.EndorsementEligibility['types'] =>
    (['G', 'L', 'T', 'S', 'Q'] as const).map((type) => {
      if (type === 'T' && holder.relatives_record !== 1) return { type, allowed: false, reason: 'noRelativesRecord' as const };
      if (type === 'S' && holder.business_record !== 1) return { type, allowed: false, reason: 'noBusinessRecord' as const };
      return { type, allowed: true };
    });

  /** The facts the kiosk's rules need and what the administration allows; the chip's dates must be the record's. */
  function checkEndorsementEligibility(req: s.EndorsementEligibilityRequest): Outcome<s.EndorsementEligibility> {
    const holder = holderOf.get(req.documentNumber);
    if (!holder || holder.document_code !== req.documentCode || holder.birth_date !== req.birthDate || holder.expiry !== req.expiry) return notFound();
    return done({
      holder: {
        idNumber: holder.id_number,
        name: holder.name,
        // "Local" is the post's city: the first four digits of the region code.
        localResidence: holder.region_code.slice(0, 4) === req.jurisdictionCode.slice(0, 4),
        stateEmployee: holder.state_employee === 1,
        previousEndorsements: holder.earlier_endorsements + issuedCount.get(holder.document_number)!.n,
      },
      permitStatus: holder.status,
      types: typesFor(holder),
    });
  }

  const answer = (row: EndorsementRow): s.EndorsementApproval => ({
    kioskReference: row.kiosk_reference,
    documentNumber: row.document_number,
    record: { type: row.type, destination: row.destination, trips: row.trips, validUntil: row.valid_until, issuingOffice: row.issuing_office, serial: row.serial },
    authorisation: row.authorisation,
    approvedAt: row.approved_at,
  });

  /** Approves a paid endorsement and signs its write authorisation; the same kiosk reference answers the same approval. */
  function approveEndorsement(req: s.ApproveEndorsementRequest): Outcome<s.EndorsementApproval> {
    if (withdrawalOf.get(req.kioskReference)) return refuse(409, 'endorsementWithdrawn', 'this kiosk reference was withdrawn: nothing is approved under it');
    const earlier = endorsementOf.get(req.kioskReference);
    if (earlier) return done(answer(earlier));
    const holder = holderOf.get(req.documentNumber);
    if (!holder) return notFound();
    if (holder.document_code !== 'CS') return refuse(422, 'notEligible', 'only Hong Kong and Macao permits carry these endorsements', 'notEligible');
    if (holder.status !== 'valid') return refuse(422, 'notEligible', `the permit is ${holder.status}`, 'permitInvalid');
    if (holder.expiry < today()) return refuse(422, 'notEligible', 'the permit has expired', 'permitInvalid');
    const refusal = typesFor(holder).find((t) => t.type === req.type);
    if (!refusal?.allowed) return refuse(422, 'notEligible', `type ${req.type} is not open to this holder`, refusal?.reason ?? 'notEligible');
    if ((req.trips === 0) !== (req.type === 'S')) return refuse(422, 'notEligible', 'multiple trips are for business endorsements only', 'notEligible');
    const perDestination = req.trips === 1 ? fees.oneTripFen : req.trips === 2 ? fees.twoTripsFen : fees.multipleTripsFen;
    const fee = req.destination === 'HKMO' ? perDestination * 2 : perDestination;
    if (req.feeFen !== fee) return refuse(422, 'amountMismatch', `the fee is ${fee} fen`);
    const order = deps.order(req.paymentOrderId);
    if (!order) return refuse(404, 'notFound', 'no such payment order');
    if (order.status !== 'paid' || order.purpose !== 'endorsementFee' || order.amount_fen < fee || order.refunded_fen > 0) {
      return refuse(422, 'orderNotPaid', 'the fee order is not a paid endorsement fee');
    }
    if (db.prepare('SELECT 1 FROM endorsements WHERE order_id = ?').get(order.order_id)) return refuse(422, 'orderNotPaid', 'the fee order was already used');
    // Valid for the months chosen from today, never beyond the permit itself.
    const until = [addDays(addMonths(today(), req.validityMonths), -1), holder.expiry].sort()[0]!;
    const serial = `QZ${today().replaceAll('-', '')}${String(nextCounter(db, `endorsement/${today()}`)).padStart(5, '0')}`;
    const record = { type: req.type, destination: req.destination, trips: req.trips, validUntil: until.replaceAll('-', ''), issuingOffice, serial };
    const key = unknownKeyNext ? keyPairFromScalar('6e8b0d2f4a6c8e0b2d4f1f3c5a7e9b2d4f6a8c0e1a3b5d7f9a2c4e6b8d0f2a4c').privateKey : issuerKey;
    unknownKeyNext = false;
    const authorisation = Buffer.from(signAuthorisation(key, req.documentNumber, record)).toString('base64');
    db.prepare(`INSERT INTO endorsements (serial, kiosk_reference, document_number, type, destination, trips, valid_until, issuing_office, fee_fen, order_id, authorisation, approved_at)
      VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`).run(serial, req.kioskReference, req.documentNumber, req.type, req.destination, req.trips, record.validUntil, issuingOffice, fee, order.order_id, authorisation, iso());
    return done(answer(endorsementOf.get(req.kioskReference)!));
  }

  /** Withdraws what was approved under a kiosk reference (or bars the reference); idempotent. */
  function withdrawEndorsement(req: s.WithdrawEndorsementRequest): Outcome<s.EndorsementWithdrawal> {
    const toAnswer = (w: { kiosk_reference: string; serial: string | null; withdrawn_at: string }): s.EndorsementWithdrawal => ({
      kioskReference: w.kiosk_reference, serial: w.serial, status: w.serial ? 'withdrawn' : 'nothingApproved', withdrawnAt: w.withdrawn_at,
    });
    const already = withdrawalOf.get(req.kioskReference);
    if (already) return done(toAnswer(already));
    const approved = endorsementOf.get(req.kioskReference);
    db.prepare('INSERT INTO endorsement_withdrawals (kiosk_reference, serial, reason, withdrawn_at) VALUES (?,?,?,?)').run(req.kioskReference, approved?.serial ?? null, req.reason, iso());
    return done(toAnswer(withdrawalOf.get(req.kioskReference)!));
  }

  const controls = {
    /** The next approval's authorisation is signed with a key the chips do not trust: the chip refuses the write. */
    signNextWithUnknownKey(): void {
      unknownKeyNext = true;
    },
    /** Replaces the issuer key (tests of a rotated key). */
    setIssuerKey(key: KeyObject): void {
      issuerKey = key;
    },
    /** What the administration holds for a kiosk reference: approved, withdrawn, or nothing. */
    endorsementState(kioskReference: string): { serial?: string; status: 'approved' | 'withdrawn' | 'none' } {
      const row = endorsementOf.get(kioskReference);
      if (withdrawalOf.get(kioskReference)) return { ...(row ? { serial: row.serial } : {}), status: 'withdrawn' };
      return row ? { serial: row.serial, status: 'approved' } : { status: 'none' };
    },
  };

  return { operations: { comparePermitFace, checkEndorsementEligibility, approveEndorsement, withdrawEndorsement }, controls };
}

function seed(db: SimDatabase): void {
  const already = db.prepare('SELECT COUNT(*) AS n FROM permit_holders').get() as { n: number };
  if (already.n > 0) return;
  const insert = db.prepare(`INSERT INTO permit_holders (document_number, document_code, id_number, name, birth_date, expiry, status, region_code,
    state_employee, earlier_endorsements, relatives_record, business_record, face_never_matches) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`);
  db.transaction(() => {
    for (const h of PERMIT_HOLDERS) {
      insert.run(h.documentNumber, h.documentCode, h.idNumber, h.name, h.birthDate, h.expiry, h.status ?? 'valid', h.regionCode,
        h.stateEmployee ? 1 : 0, h.earlierEndorsements, h.relativesRecord ? 1 : 0, h.businessRecord ? 1 : 0, h.faceNeverMatches ? 1 : 0);
    }
  })();
}
