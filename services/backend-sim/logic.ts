/**
 * The police-backend simulator's single implementation: every operation as a plain function over
 * the SQLite database, plus a simulated payment provider (codes, QR "the resident pays", delays,
 * declines, expiry). The HTTP server and the embedded gateway both call these functions.
 */
import { createHash, createHmac } from 'node:crypto';
import type * as s from '../gateway/schemas';
import type { ErrorCode } from '../gateway/schemas';
import { done, refuse, type Outcome } from './outcome';
import { maskIdNumber } from '../gateway/gb11643';
import { createCertificateLogic, type CertificateOptions } from './certificate-logic';
import { createExitEntryLogic, type ExitEntryOptions } from './exit-entry-logic';
import { nextCounter, openSimDatabase, type ResidentRow, type SimDatabase } from './db';
import { seedSimDatabase } from './seed';
import { createStatementLogic } from './statement';
import { createInfoLogic } from './info-logic';
import { simulatorSigner, type DocumentSigner } from '../documents/issuer';
import { createTrafficLogic } from './traffic-logic';
import { addDays, addMonths, ageOn, beijingDate, DEFAULT_KIOSK_LIMITS, type KioskLimits } from './traffic-rules';
import { DEFAULT_DECISION_WORDING, type DecisionWording } from './traffic-texts';

export type { Outcome } from './outcome';

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
  exitEntry?: ExitEntryOptions;
  /** Secret for verification codes and QR tokens (deterministic default for the simulator). */
  secret?: string;
  /** Who signs penalty decisions (default: the simulator's development key). */
  signer?: DocumentSigner;
  /** The fixed wording printed on penalty decisions (where to pay, appeal). */
  decisionWording?: Partial<DecisionWording>;
}

interface OrderRow {
  order_id: string; transaction_id: string | null; amount_fen: number; purpose: s.PaymentOrder['purpose']; channel: s.PaymentOrder['channel'];
  status: s.PaymentOrder['status']; qr_payload: string; reference: string | null; refs: string | null; created_at: string; expires_at: string;
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
  // Traffic (traffic-logic.ts)
  // ------------------------------------------------------------------------------------------

  const traffic = createTrafficLogic({ db, now, limits, signer: options.signer ?? simulatorSigner(), wording: { ...DEFAULT_DECISION_WORDING, ...options.decisionWording } });

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
      qrPayload: o.qr_payload, ...(o.reference ? { reference: o.reference } : {}), ...(o.refs ? { references: referencesOf(o) } : {}), createdAt: o.created_at, expiresAt: o.expires_at,
      ...(o.paid_at ? { paidAt: o.paid_at } : {}), refundedFen: o.refunded_fen,
    };
  }

  /** What an order pays for: its single reference and its list. */
  const referencesOf = (o: OrderRow): string[] => [...new Set([...(o.reference ? [o.reference] : []), ...(o.refs ? (JSON.parse(o.refs) as string[]) : [])])];

  /** Records one provider charge and marks the order paid (and a fine's decisions paid). */
  function charge(o: OrderRow, method: 'code' | 'qr', at: string): void {
    const transactionId = `${o.channel.toUpperCase().slice(0, 2)}${createHash('sha256').update(`tx/${o.order_id}`).digest('hex').slice(0, 20).toUpperCase()}`;
    db.prepare("UPDATE payment_orders SET status = 'paid', transaction_id = ?, paid_at = ? WHERE order_id = ?").run(transactionId, at, o.order_id);
    db.prepare("INSERT INTO provider_ledger (order_id, kind, method, amount_fen, reference, at) VALUES (?, 'charge', ?, ?, ?, ?)")
      .run(o.order_id, method, o.amount_fen, transactionId, at);
    if (o.purpose === 'trafficFine') traffic.markDecisionsPaid(referencesOf(o), true);
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
    const references = [...(req.reference ? [req.reference] : []), ...(req.references ?? [])];
    if (req.purpose === 'trafficFine' && references.length > 0) {
      const checked = traffic.checkFineOrder(references, req.amountFen);
      if (!checked.ok) return checked;
    }
    const createdAt = now();
    const orderId = `PO${today().replaceAll('-', '')}${String(nextCounter(db, 'order')).padStart(6, '0')}`;
    const token = hmac(`qr/${orderId}`).toString('hex').slice(0, 16).toUpperCase();
    const qr = { wechat: `weixin://wxpay/bizpayurl?pr=${token}`, alipay: `https://qr.alipay.com/bax${token}`, unionpay: `https://qr.95516.com/00010000/${token}` }[req.channel];
    db.prepare(`INSERT INTO payment_orders (order_id, amount_fen, purpose, channel, status, qr_payload, reference, refs, created_at, expires_at)
      VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)`).run(orderId, req.amountFen, req.purpose, req.channel, qr, req.reference ?? null,
      req.references ? JSON.stringify(req.references) : null, createdAt.toISOString(), new Date(createdAt.getTime() + orderTtlMs).toISOString());
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
    // A fine paid back in full is unpaid again (the decision itself stands).
    if (o.purpose === 'trafficFine' && refunded === o.amount_fen) traffic.markDecisionsPaid(referencesOf(o), false);
    return done({ refundId, amountFen: amount, refundedAt, order: toOrder(orderById.get(o.order_id)!) });
  }

  // ------------------------------------------------------------------------------------------
  // Exit-entry endorsements (exit-entry-logic.ts)
  // ------------------------------------------------------------------------------------------

  const exitEntry = createExitEntryLogic({ db, today, iso, threshold, order: (orderId) => currentOrder(orderId), options: options.exitEntry });

  // ------------------------------------------------------------------------------------------
  // Progress, tip-offs and notices (info-logic.ts)
  // ------------------------------------------------------------------------------------------

  const info = createInfoLogic({ db, now, today, resident: (idNumber) => residentById.get(idNumber) });

  // ------------------------------------------------------------------------------------------
  // Controls for tests and the dev dock
  // ------------------------------------------------------------------------------------------

  const statements = createStatementLogic(db, now);

  const controls = {
    /** Makes the provider's statement disagree with the kiosk's journal (reconciliation tests). */
    injectStatementMismatch: statements.injectStatementMismatch,
    /** The exit-entry administration's controls (an authorisation the chips refuse, what a reference holds). */
    exitEntry: exitEntry.controls,
    ...info.controls,
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
      verifyIdentity, compareFace, checkTempIdEligibility, applyTempIdCard, withdrawTempIdApplication, ...traffic.operations, ...certificates, ...exitEntry.operations, createPaymentOrder, payWithCode, getPaymentOrder,
      cancelPaymentOrder, refundPayment, getProviderStatement: statements.getProviderStatement, ...info.operations,
    },
    controls,
    /** Closes the database. */
    close(): void {
      db.close();
    },
  };
}
