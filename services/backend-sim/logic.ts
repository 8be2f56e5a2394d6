/**
 * The police-backend simulator's single implementation: every operation as a plain function over
 * the SQLite database, plus a simulated payment provider (codes, QR "the resident pays", delays,
 * declines, expiry). The HTTP server and the embedded gateway both call these functions.
 */
import { createHash, createHmac } from 'node:crypto';
import type * as s from '../gateway/schemas';
import type { ErrorCode } from '../gateway/schemas';
import { maskIdNumber } from '../gateway/gb11643';
import { createCertificateLogic, type CertificateOptions } from './certificate-logic';
import { nextCounter, openSimDatabase, type SimDatabase } from './db';
import { seedSimDatabase } from './seed';
import { createStatementLogic } from './statement';
import {
  addDays,
  addMonths,
  ageOn,
  beijingDate,
  daysOverdue,
  DEFAULT_KIOSK_LIMITS,
  kioskRefusal,
  lateFeeFen,
  type KioskLimits,
  type LicenceFacts,
} from './traffic-rules';

/** A logic answer: a value, or a refusal with an HTTP status and a contract error code. */
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; status: 400 | 404 | 409 | 422; code: ErrorCode; message: string; reason?: string };

const refuse = (status: 400 | 404 | 409 | 422, code: ErrorCode, message: string, reason?: string): Outcome<never> =>
  reason === undefined ? { ok: false, status, code, message } : { ok: false, status, code, message, reason };
const done = <T>(value: T): Outcome<T> => ({ ok: true, value });

export interface SimOptions {
  /** SQLite file; in-memory when omitted. */
  dbPath?: string;
  /** The simulator's clock (default: real time). */
  now?: () => Date;
  kioskLimits?: Partial<KioskLimits>;
  /** Face score at or above which the comparison matches. Default 0.75. */
  faceThreshold?: number;
  /** How long a pending order may be paid. Default 15 minutes. */
  orderTtlMs?: number;
  /** If set, a pending order becomes paid by QR this many ms after creation ("the resident pays"). */
  autoPayAfterMs?: number | null;
  /** How long the payment provider takes to answer a pay-with-code. Default 0. */
  paymentDelayMs?: number;
  /** Failed code payments after which an order becomes 'failed'. Default 3. */
  maxFailedPayAttempts?: number;
  tempIdCard?: { feeFen?: number; validityMonths?: number; issuingAuthority?: string };
  certificate?: CertificateOptions;
  /** Secret for verification codes and QR tokens (deterministic default for the simulator). */
  secret?: string;
}

interface ResidentRow {
  id_number: string; name: string; sex: 'male' | 'female'; ethnicity: string; birth_date: string; registered_address: string;
  region_code: string; jurisdiction_code: string; jurisdiction_name: string; photo_ref: string; face_never_matches: number;
  criminal_record: 'none' | 'record' | 'sealedJuvenile';
}
interface LicenceRow { licence_number: string; file_number: string; status: LicenceFacts['status']; points_in_cycle: number; cycle_ends: string }
interface VehicleRow { plate_number: string; plate_type: string; vin: string; owner_id_number: string; commercial: number }
interface ViolationRow {
  violation_no: string; plate_number: string; plate_type: string; occurred_at: string; place: string; behaviour_code: string;
  behaviour_text: string; points: number; fine_fen: number; source: 'camera' | 'onSite'; highway: number; handled: number; paid: number;
  decision_no: string | null; decided_at: string | null; due_date: string | null; licence_number: string | null; detecting_authority: string;
  commercial: number;
}
interface OrderRow {
  order_id: string; transaction_id: string | null; amount_fen: number; purpose: s.PaymentOrder['purpose']; channel: s.PaymentOrder['channel'];
  status: s.PaymentOrder['status']; qr_payload: string; reference: string | null; created_at: string; expires_at: string;
  paid_at: string | null; refunded_fen: number; failed_attempts: number;
}
export interface LedgerEntry { orderId: string; kind: 'charge' | 'refund'; method: 'code' | 'qr' | 'refund'; amountFen: number; reference: string; at: string }

const AUTH_CODE_PATTERNS: Record<s.PaymentOrder['channel'], RegExp> = {
  wechat: /^1[0-5]\d{16}$/,
  alipay: /^(2[5-9]|30)\d{14,22}$/,
  unionpay: /^62\d{17}$/,
};

/** The simulator: database + operations + test controls. */
export type SimLogic = ReturnType<typeof createSimLogic>;

/** Opens (and seeds) the database and returns the operations over it. */
export function createSimLogic(options: SimOptions = {}) {
  const now = options.now ?? (() => new Date());
  const db: SimDatabase = openSimDatabase(options.dbPath);
  seedSimDatabase(db, now());
  const limits: KioskLimits = { ...DEFAULT_KIOSK_LIMITS, ...options.kioskLimits };
  const threshold = options.faceThreshold ?? 0.75;
  const orderTtlMs = options.orderTtlMs ?? 15 * 60_000;
  let autoPayAfterMs = options.autoPayAfterMs ?? null;
  let paymentDelayMs = options.paymentDelayMs ?? 0;
  const maxFailedPayAttempts = options.maxFailedPayAttempts ?? 3;
  const tempId = { feeFen: 1000, validityMonths: 3, issuingAuthority: '北京市公安局东城分局', ...options.tempIdCard };
  const secret = options.secret ?? 'backend-sim-secret';

  const hmac = (text: string) => createHmac('sha256', secret).update(text).digest();
  const iso = () => now().toISOString();
  const today = () => beijingDate(now());

  const residentById = db.prepare<[string], ResidentRow>('SELECT * FROM residents WHERE id_number = ?');
  const licenceById = db.prepare<[string], LicenceRow>('SELECT * FROM licences WHERE licence_number = ?');
  const violationSelect = `SELECT v.*, ve.commercial FROM violations v JOIN vehicles ve ON ve.plate_number = v.plate_number AND ve.plate_type = v.plate_type`;
  const orderById = db.prepare<[string], OrderRow>('SELECT * FROM payment_orders WHERE order_id = ?');

  // ------------------------------------------------------------------------------------------
  // Identity
  // ------------------------------------------------------------------------------------------

  function toIdentity(r: ResidentRow): s.IdentityRecord {
    const age = ageOn(r.birth_date, today());
    return {
      idNumber: r.id_number, name: r.name, sex: r.sex, ethnicity: r.ethnicity, birthDate: r.birth_date,
      registeredAddress: r.registered_address, regionCode: r.region_code, jurisdictionCode: r.jurisdiction_code,
      jurisdictionName: r.jurisdiction_name, photoRef: r.photo_ref, age, under16: age < 16,
    };
  }

  function notFoundPerson(idNumber: string): Outcome<never> {
    return refuse(404, 'notFound', `no registry record for ${maskIdNumber(idNumber)}`);
  }

  /** Registry record for an ID number. */
  function verifyIdentity(req: s.VerifyIdentityRequest): Outcome<s.IdentityRecord> {
    const r = residentById.get(req.idNumber);
    return r ? done(toIdentity(r)) : notFoundPerson(req.idNumber);
  }

  /**
   * Face comparison, deterministic in the image bytes: the score comes from a hash of the image
   * and the ID number; residents flagged face_never_matches always score below the threshold.
   */
  function compareFace(req: s.CompareFaceRequest): Outcome<s.FaceComparison> {
    const r = residentById.get(req.idNumber);
    if (!r) return notFoundPerson(req.idNumber);
    const bytes = Buffer.from(req.imageBase64, 'base64');
    if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) {
      return refuse(422, 'badImage', 'the capture is not a JPEG image');
    }
    const h = createHash('sha256').update(bytes).update(req.idNumber).digest();
    const unit = h.readUInt16BE(0) / 0xffff;
    const score = r.face_never_matches ? 0.1 + unit * (threshold - 0.2) : threshold + 0.05 + unit * (0.99 - threshold - 0.05);
    const rounded = Math.round(score * 1000) / 1000;
    return done({ score: rounded, threshold, match: rounded >= threshold });
  }

  // ------------------------------------------------------------------------------------------
  // Temporary ID card
  // ------------------------------------------------------------------------------------------

  function tempIdRefusal(r: ResidentRow, req: { jurisdictionCode: string; localRegistrationOnly: boolean }): s.TempIdRefusalReason | null {
    if (ageOn(r.birth_date, today()) < 16) return 'under16';
    if (req.localRegistrationOnly && r.region_code !== req.jurisdictionCode.slice(0, 6)) return 'notRegisteredInJurisdiction';
    const open = db.prepare(`SELECT status, valid_until FROM applications WHERE id_number = ? AND kind = 'tempIdCard'`).all(r.id_number) as { status: string; valid_until: string | null }[];
    if (open.some((a) => ['submitted', 'reviewing', 'producing', 'readyForCollection'].includes(a.status))) return 'applicationInProgress';
    if (open.some((a) => a.status === 'collected' && a.valid_until !== null && a.valid_until >= today())) return 'alreadyHoldsTempCard';
    return null;
  }

  /** Eligibility for a temporary ID card; a refusal is a value, not an error. */
  function checkTempIdEligibility(req: s.TempIdEligibilityRequest): Outcome<s.TempIdEligibility> {
    const r = residentById.get(req.idNumber);
    if (!r) return notFoundPerson(req.idNumber);
    const reason = tempIdRefusal(r, req);
    return done(reason ? { eligible: false, reason } : { eligible: true });
  }

  /** Registers a kiosk-issued temporary card against a paid, unused fee order. */
  function applyTempIdCard(req: s.ApplyTempIdCardRequest): Outcome<s.TempIdCardIssue> {
    const r = residentById.get(req.idNumber);
    if (!r) return notFoundPerson(req.idNumber);
    const reason = tempIdRefusal(r, req);
    if (reason) return refuse(422, 'notEligible', 'not eligible for a temporary ID card', reason);
    const order = currentOrder(req.paymentOrderId);
    if (!order) return refuse(404, 'notFound', 'no such payment order');
    if (order.status !== 'paid' || order.purpose !== 'tempIdCardFee' || order.amount_fen < tempId.feeFen) {
      return refuse(422, 'orderNotPaid', 'the fee order is not a paid temporary-ID fee');
    }
    const used = db.prepare('SELECT 1 FROM applications WHERE payment_order_id = ?').get(order.order_id);
    if (used) return refuse(422, 'orderNotPaid', 'the fee order was already used');
    const validFrom = today();
    const validUntil = addDays(addMonths(validFrom, tempId.validityMonths), -1);
    const applicationNo = `SQ${validFrom.replaceAll('-', '')}${String(nextCounter(db, 'application')).padStart(5, '0')}`;
    db.prepare(`INSERT INTO applications (application_no, id_number, kind, status, submitted_at, updated_at, valid_until, payment_order_id, note)
      VALUES (?, ?, 'tempIdCard', 'collected', ?, ?, ?, ?, ?)`).run(applicationNo, r.id_number, iso(), iso(), validUntil, order.order_id, '自助机制证并领取');
    return done({
      applicationNo, idNumber: r.id_number, name: r.name, sex: r.sex, ethnicity: r.ethnicity, birthDate: r.birth_date,
      registeredAddress: r.registered_address, photoRef: r.photo_ref, issuingAuthority: tempId.issuingAuthority, validFrom, validUntil,
    });
  }

  /** Withdraws a kiosk-issued application whose card never reached the resident (the fee was refunded). */
  function withdrawTempIdApplication(req: s.WithdrawTempIdApplicationRequest & { applicationNo: string }): Outcome<s.TempIdWithdrawal> {
    const row = db.prepare(`SELECT status, updated_at FROM applications WHERE application_no = ? AND kind = 'tempIdCard'`).get(req.applicationNo) as { status: string; updated_at: string } | undefined;
    if (!row) return refuse(404, 'notFound', 'no such temporary-ID application');
    if (row.status === 'withdrawn') return done({ applicationNo: req.applicationNo, status: 'withdrawn', withdrawnAt: row.updated_at });
    if (row.status !== 'collected') return refuse(409, 'notWithdrawable', `an application in state ${row.status} cannot be withdrawn`);
    const at = iso();
    db.prepare(`UPDATE applications SET status = 'withdrawn', updated_at = ?, valid_until = NULL, note = ? WHERE application_no = ?`).run(at, `已撤回：${req.reason}`.slice(0, 200), req.applicationNo);
    return done({ applicationNo: req.applicationNo, status: 'withdrawn', withdrawnAt: at });
  }

  // ------------------------------------------------------------------------------------------
  // Traffic
  // ------------------------------------------------------------------------------------------

  function toViolation(v: ViolationRow, licence: LicenceFacts | null): s.Violation {
    const refusal = kioskRefusal(
      { handled: v.handled === 1, source: v.source, plateNumber: v.plate_number, commercial: v.commercial === 1, behaviourCode: v.behaviour_code,
        highway: v.highway === 1, fineFen: v.fine_fen, points: v.points },
      licence, limits,
    );
    const lateFee = v.due_date && !v.paid ? lateFeeFen(v.fine_fen, daysOverdue(v.due_date, today())) : 0;
    return {
      violationNo: v.violation_no, plateNumber: v.plate_number, plateType: v.plate_type as s.Violation['plateType'], occurredAt: v.occurred_at,
      place: v.place, behaviourCode: v.behaviour_code, behaviourText: v.behaviour_text, points: v.points, fineFen: v.fine_fen, lateFeeFen: lateFee,
      ...(v.due_date ? { dueDate: v.due_date } : {}), source: v.source, highway: v.highway === 1, handled: v.handled === 1, paid: v.paid === 1,
      ...(v.decision_no ? { decisionNo: v.decision_no } : {}), detectingAuthority: v.detecting_authority,
      kioskHandling: refusal ? { allowed: false, reason: refusal } : { allowed: true },
    };
  }

  const isLocal = (plate: string) => !limits.localPlatePrefixes || limits.localPlatePrefixes.some((p) => plate.startsWith(p));

  /** Violations of a vehicle; a wrong VIN answers notFound (no hint that the plate exists). */
  function queryViolationsByVehicle(req: s.ViolationsByVehicleRequest): Outcome<s.VehicleViolations> {
    const ve = db.prepare<[string, string], VehicleRow>('SELECT * FROM vehicles WHERE plate_number = ? AND plate_type = ?').get(req.plateNumber, req.plateType);
    if (!ve || !ve.vin.endsWith(req.vinLast6)) return refuse(404, 'notFound', 'no vehicle matches plate, type and VIN');
    const rows = db.prepare<[string, string], ViolationRow>(`${violationSelect} WHERE v.plate_number = ? AND v.plate_type = ? ORDER BY v.occurred_at`).all(req.plateNumber, req.plateType);
    return done({
      vehicle: { plateNumber: ve.plate_number, plateType: ve.plate_type as s.PlateType, commercial: ve.commercial === 1, local: isLocal(ve.plate_number) },
      violations: rows.map((v) => toViolation(v, null)),
    });
  }

  function findLicence(licenceNumber: string, fileNumber: string): LicenceRow | undefined {
    const l = licenceById.get(licenceNumber);
    return l && l.file_number === fileNumber ? l : undefined;
  }
  const licenceFacts = (l: LicenceRow): LicenceFacts => ({ status: l.status, pointsInCycle: l.points_in_cycle });

  /** Violations booked on a licence, plus unhandled ones of vehicles the holder owns. */
  function queryViolationsByLicence(req: s.ViolationsByLicenceRequest): Outcome<s.LicenceViolations> {
    const l = findLicence(req.licenceNumber, req.fileNumber);
    if (!l) return refuse(404, 'notFound', 'no licence matches number and file number');
    const rows = db.prepare<[string, string], ViolationRow>(`${violationSelect}
      WHERE v.licence_number = ? OR (v.handled = 0 AND ve.owner_id_number = ?) ORDER BY v.occurred_at`).all(l.licence_number, l.licence_number);
    return done({
      licence: { licenceNumberMasked: maskIdNumber(l.licence_number), status: l.status, pointsInCycle: l.points_in_cycle, cycleEnds: l.cycle_ends },
      violations: rows.map((v) => toViolation(v, licenceFacts(l))),
    });
  }

  /** Handles a violation at the kiosk: checks the limits, books the points, issues the decision. */
  function handleViolation(req: s.HandleViolationRequest & { violationNo: string }): Outcome<s.PenaltyDecision> {
    const v = db.prepare<[string], ViolationRow>(`${violationSelect} WHERE v.violation_no = ?`).get(req.violationNo);
    if (!v) return refuse(404, 'notFound', 'no such violation');
    const l = findLicence(req.licenceNumber, req.fileNumber);
    if (!l) return refuse(404, 'notFound', 'no licence matches number and file number');
    if (v.handled) return refuse(409, 'alreadyHandled', 'the violation has already been handled', 'alreadyHandled');
    const view = toViolation(v, licenceFacts(l));
    if (!view.kioskHandling.allowed) return refuse(422, 'kioskNotAllowed', 'this record must be handled at a counter', view.kioskHandling.reason);

    const year = today().slice(0, 4);
    const decisionNo = `110101${year}${String(nextCounter(db, `decision/${year}`)).padStart(7, '0')}`;
    const decidedAt = iso();
    const dueDate = addDays(today(), 15);
    db.prepare('UPDATE violations SET handled = 1, decision_no = ?, decided_at = ?, due_date = ?, licence_number = ? WHERE violation_no = ?')
      .run(decisionNo, decidedAt, dueDate, l.licence_number, v.violation_no);
    db.prepare('UPDATE licences SET points_in_cycle = points_in_cycle + ? WHERE licence_number = ?').run(v.points, l.licence_number);
    const lateFee = lateFeeFen(v.fine_fen, daysOverdue(dueDate, today()));
    return done({
      decisionNo, violationNo: v.violation_no, plateNumber: v.plate_number, licenceNumberMasked: maskIdNumber(l.licence_number),
      behaviourCode: v.behaviour_code, behaviourText: v.behaviour_text, points: v.points, fineFen: v.fine_fen, lateFeeFen: lateFee,
      totalFen: v.fine_fen + lateFee, decidedAt, dueDate, authority: v.detecting_authority,
    });
  }

  // ------------------------------------------------------------------------------------------
  // No-criminal-record certificate (certificate-logic.ts)
  // ------------------------------------------------------------------------------------------

  const certificates = createCertificateLogic({ db, today, iso, resident: (idNumber) => residentById.get(idNumber), options: options.certificate });

  // ------------------------------------------------------------------------------------------
  // Payments: orders and the simulated provider
  // ------------------------------------------------------------------------------------------

  function toOrder(o: OrderRow): s.PaymentOrder {
    return {
      orderId: o.order_id, transactionId: o.transaction_id, amountFen: o.amount_fen, purpose: o.purpose, channel: o.channel, status: o.status,
      qrPayload: o.qr_payload, ...(o.reference ? { reference: o.reference } : {}), createdAt: o.created_at, expiresAt: o.expires_at,
      ...(o.paid_at ? { paidAt: o.paid_at } : {}), refundedFen: o.refunded_fen,
    };
  }

  /** Records one provider charge and marks the order paid (and a fine's decision paid). */
  function charge(o: OrderRow, method: 'code' | 'qr', at: string): void {
    const transactionId = `${o.channel.toUpperCase().slice(0, 2)}${createHash('sha256').update(`tx/${o.order_id}`).digest('hex').slice(0, 20).toUpperCase()}`;
    db.prepare("UPDATE payment_orders SET status = 'paid', transaction_id = ?, paid_at = ? WHERE order_id = ?").run(transactionId, at, o.order_id);
    db.prepare("INSERT INTO provider_ledger (order_id, kind, method, amount_fen, reference, at) VALUES (?, 'charge', ?, ?, ?, ?)")
      .run(o.order_id, method, o.amount_fen, transactionId, at);
    if (o.purpose === 'trafficFine' && o.reference) {
      db.prepare('UPDATE violations SET paid = 1 WHERE decision_no = ?').run(o.reference);
    }
  }

  /** Applies time-driven transitions (auto-pay by QR, expiry) and returns the current row. */
  function currentOrder(orderId: string): OrderRow | undefined {
    const o = orderById.get(orderId);
    if (!o || o.status !== 'pending') return o;
    const created = Date.parse(o.created_at);
    const t = now().getTime();
    if (autoPayAfterMs !== null && t >= created + autoPayAfterMs && created + autoPayAfterMs < Date.parse(o.expires_at)) {
      charge(o, 'qr', new Date(created + autoPayAfterMs).toISOString());
    } else if (t >= Date.parse(o.expires_at)) {
      db.prepare("UPDATE payment_orders SET status = 'expired' WHERE order_id = ?").run(orderId);
    }
    return orderById.get(orderId);
  }

  /** Creates a pending order with a channel-specific QR payload. */
  function createPaymentOrder(req: s.CreatePaymentOrderRequest): Outcome<s.PaymentOrder> {
    const createdAt = now();
    const orderId = `PO${today().replaceAll('-', '')}${String(nextCounter(db, 'order')).padStart(6, '0')}`;
    const token = hmac(`qr/${orderId}`).toString('hex').slice(0, 16).toUpperCase();
    const qr = { wechat: `weixin://wxpay/bizpayurl?pr=${token}`, alipay: `https://qr.alipay.com/bax${token}`, unionpay: `https://qr.95516.com/00010000/${token}` }[req.channel];
    db.prepare(`INSERT INTO payment_orders (order_id, amount_fen, purpose, channel, status, qr_payload, reference, created_at, expires_at)
      VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?)`).run(orderId, req.amountFen, req.purpose, req.channel, qr, req.reference ?? null,
      createdAt.toISOString(), new Date(createdAt.getTime() + orderTtlMs).toISOString());
    return done(toOrder(orderById.get(orderId)!));
  }

  function pendingOrder(orderId: string): Outcome<OrderRow> {
    const o = currentOrder(orderId);
    if (!o) return refuse(404, 'notFound', 'no such payment order');
    if (o.status === 'expired') return refuse(409, 'orderExpired', 'the order has expired');
    if (o.status !== 'pending') return refuse(409, 'orderNotPending', `the order is ${o.status}`);
    return done(o);
  }

  /**
   * Charges a scanned payment code of any supported wallet. Codes ending 0051 fail for insufficient
   * funds, 0005 are declined; after maxFailedPayAttempts failures the order becomes 'failed'.
   */
  function payWithCode(req: s.PayWithCodeRequest & { orderId: string }): Outcome<s.PaymentOrder> {
    const p = pendingOrder(req.orderId);
    if (!p.ok) return p;
    // Kiosk payment providers aggregate wallets (聚合支付): the scanned code says which wallet pays,
    // whatever channel the order's QR was made for; the order then records the wallet that paid.
    const codeChannel = (Object.keys(AUTH_CODE_PATTERNS) as s.PaymentOrder['channel'][]).find((c) => AUTH_CODE_PATTERNS[c].test(req.authCode));
    if (!codeChannel) return refuse(422, 'invalidAuthCode', 'not a payment code of WeChat Pay, Alipay or UnionPay');
    if (codeChannel !== p.value.channel) db.prepare('UPDATE payment_orders SET channel = ? WHERE order_id = ?').run(codeChannel, p.value.order_id);
    const o = orderById.get(p.value.order_id)!;
    const failure: ErrorCode | null = req.authCode.endsWith('0051') ? 'insufficientFunds' : req.authCode.endsWith('0005') ? 'paymentDeclined' : null;
    if (failure) {
      const attempts = o.failed_attempts + 1;
      db.prepare('UPDATE payment_orders SET failed_attempts = ?, status = ? WHERE order_id = ?')
        .run(attempts, attempts >= maxFailedPayAttempts ? 'failed' : 'pending', o.order_id);
      return refuse(422, failure, failure === 'insufficientFunds' ? 'the payer has insufficient funds' : 'the provider declined the payment');
    }
    charge(o, 'code', iso());
    return done(toOrder(orderById.get(o.order_id)!));
  }

  /** Current state of an order. */
  function getPaymentOrder(req: { orderId: string }): Outcome<s.PaymentOrder> {
    const o = currentOrder(req.orderId);
    return o ? done(toOrder(o)) : refuse(404, 'notFound', 'no such payment order');
  }

  /** Cancels a pending order; cancelling a cancelled order answers the order again. */
  function cancelPaymentOrder(req: { orderId: string }): Outcome<s.PaymentOrder> {
    const o = currentOrder(req.orderId);
    if (!o) return refuse(404, 'notFound', 'no such payment order');
    if (o.status === 'cancelled') return done(toOrder(o));
    if (o.status !== 'pending') return refuse(409, 'orderNotPending', `the order is ${o.status}`);
    db.prepare("UPDATE payment_orders SET status = 'cancelled' WHERE order_id = ?").run(o.order_id);
    return done(toOrder(orderById.get(o.order_id)!));
  }

  /** Refunds what remains (amount omitted) or part of it. */
  function refundPayment(req: s.RefundPaymentRequest & { orderId: string }): Outcome<s.PaymentRefund> {
    const o = currentOrder(req.orderId);
    if (!o) return refuse(404, 'notFound', 'no such payment order');
    if (o.status !== 'paid' && o.status !== 'partiallyRefunded') return refuse(409, 'orderNotPaid', `the order is ${o.status}`);
    const remaining = o.amount_fen - o.refunded_fen;
    const amount = req.amountFen ?? remaining;
    if (amount > remaining) return refuse(422, 'refundExceedsPaid', `at most ${remaining} fen can be refunded`);
    const refunded = o.refunded_fen + amount;
    const refundedAt = iso();
    db.prepare('UPDATE payment_orders SET refunded_fen = ?, status = ? WHERE order_id = ?')
      .run(refunded, refunded === o.amount_fen ? 'refunded' : 'partiallyRefunded', o.order_id);
    const refundId = `RF${o.order_id.slice(2)}${String(nextCounter(db, `refund/${o.order_id}`)).padStart(2, '0')}`;
    db.prepare("INSERT INTO provider_ledger (order_id, kind, method, amount_fen, reference, at) VALUES (?, 'refund', 'refund', ?, ?, ?)")
      .run(o.order_id, amount, refundId, refundedAt);
    return done({ refundId, amountFen: amount, refundedAt, order: toOrder(orderById.get(o.order_id)!) });
  }

  // ------------------------------------------------------------------------------------------
  // Application progress
  // ------------------------------------------------------------------------------------------

  /** A person's applications, newest first (or one by number). */
  function getApplicationProgress(req: s.ApplicationProgressRequest): Outcome<s.ApplicationProgress> {
    const r = residentById.get(req.idNumber);
    if (!r) return notFoundPerson(req.idNumber);
    const rows = db.prepare(`SELECT * FROM applications WHERE id_number = ? ORDER BY submitted_at DESC`).all(r.id_number) as {
      application_no: string; kind: s.Application['kind']; status: s.Application['status']; submitted_at: string; updated_at: string; note: string | null;
    }[];
    const picked = req.applicationNo ? rows.filter((a) => a.application_no === req.applicationNo) : rows;
    if (req.applicationNo && picked.length === 0) return refuse(404, 'notFound', 'no such application for this person');
    return done({
      applications: picked.map((a) => ({
        applicationNo: a.application_no, kind: a.kind, status: a.status, submittedAt: a.submitted_at, updatedAt: a.updated_at,
        ...(a.note ? { note: a.note } : {}),
      })),
    });
  }

  // ------------------------------------------------------------------------------------------
  // Controls for tests and the dev dock
  // ------------------------------------------------------------------------------------------

  const statements = createStatementLogic(db, now);

  const controls = {
    /** Makes the provider's statement disagree with the kiosk's journal (reconciliation tests). */
    injectStatementMismatch: statements.injectStatementMismatch,
    /** The resident scans the on-screen QR and pays: a pending order becomes paid (one charge). */
    simulateResidentPays(orderId: string): Outcome<s.PaymentOrder> {
      return db.transaction(() => {
        const p = pendingOrder(orderId);
        if (!p.ok) return p;
        charge(p.value, 'qr', iso());
        return done(toOrder(orderById.get(orderId)!));
      })();
    },
    /** Pending orders turn paid this many ms after creation (null = only on a scan or control). */
    setAutoPayAfterMs(ms: number | null): void {
      autoPayAfterMs = ms;
    },
    /** Provider latency for pay-with-code. */
    setPaymentDelayMs(ms: number): void {
      paymentDelayMs = ms;
    },
    /** What the provider actually moved, optionally for one order. */
    providerLedger(orderId?: string): LedgerEntry[] {
      const rows = (orderId
        ? db.prepare('SELECT * FROM provider_ledger WHERE order_id = ? ORDER BY entry_id').all(orderId)
        : db.prepare('SELECT * FROM provider_ledger ORDER BY entry_id').all()) as { order_id: string; kind: 'charge' | 'refund'; method: LedgerEntry['method']; amount_fen: number; reference: string; at: string }[];
      return rows.map((r) => ({ orderId: r.order_id, kind: r.kind, method: r.method, amountFen: r.amount_fen, reference: r.reference, at: r.at }));
    },
  };

  return {
    db,
    now,
    limits,
    get paymentDelayMs() {
      return paymentDelayMs;
    },
    operations: {
      verifyIdentity, compareFace, checkTempIdEligibility, applyTempIdCard, withdrawTempIdApplication, queryViolationsByVehicle, queryViolationsByLicence,
      handleViolation, ...certificates, createPaymentOrder, payWithCode, getPaymentOrder,
      cancelPaymentOrder, refundPayment, getApplicationProgress, getProviderStatement: statements.getProviderStatement,
    },
    controls,
    /** Closes the database. */
    close(): void {
      db.close();
    },
  };
}
