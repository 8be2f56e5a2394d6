/**
 * The temporary resident ID card flow as a state machine (contract/flows/temp-id-card.ts):
 * notice → identity → eligibility → face ⇄ faceCheck → confirm → payment → printing → done.
 *
 * Personal data (the clear ID number, name, registry record, the live face capture) lives only in
 * the in-memory context: the capture is dropped as soon as it has been compared, everything else
 * is wiped when the flow ends. Views are masked; the journal gets masked data only; logs carry
 * transaction numbers and codes only.
 *
 * Money rules: once paid, the flow either issues the card or refunds (with a staff ticket and a
 * printed slip). Anything the flow cannot settle itself stays open in the journal with a staff
 * ticket, for start-up recovery and staff.
 */
import {
  IdentityProblem as IdentityProblemSchema,
  TEMP_ID_TOTAL_STEPS,
  tempIdEvents,
  type IdentityProblem,
  type MoneyView,
  type TempIdReason,
  type TempIdViews,
} from '../../contract/flows/temp-id-card';
import { maskIdNumber, normalizeIdNumber, partialIdNumberProblem, isValidIdNumber } from '../../contract/id-number';
import type { IdReaderEvent } from '../../devices/id-reader/driver';
import type { ResidentRecord } from '../../devices/id-reader/text-block';
import type { CardPrintError } from '../../devices/card-printer/driver';
import type { ScannerEvent } from '../../devices/scanner/driver';
import { sleep } from '../../devices/shared/timing';
import { fail as deviceFail, type CommandResult } from '../../devices/types';
import type { ServicePause } from '../../contract/api';
import { calendarDate } from '../../contract/clock';
import { compensateEffects, recordEffect } from '../gateway/compensation';
import { defineFlow, failWith, finish, goto, type EffectIo, type Next } from '../flows/framework';
import type { GatewayError, GatewayResult, IdentityRecord, PoliceGateway, TempIdCardIssue } from '../gateway/types';
import type { Journal } from '../journal/journal';
import type { Logger } from '../log/logger';
import type { PaymentAttempt, PaymentService } from '../payments/paymentService';
import type { PaymentOutcome } from '../payments/types';
import { composeTempIdCard, type TempIdCardFields } from './card-layout';
import type { RegistryPhotoSource } from './portrait';
import { notIssuedSlip, tempIdReceipt, type TempIdReceiptData } from './receipt';

type State = keyof TempIdViews;

/** The devices the flow uses; each may be missing (not configured) at the moment it is needed. */
export interface TempIdDevices {
  idReader(): { on(name: 'event', listener: (event: IdReaderEvent) => void): () => void } | undefined;
  scanner(): { on(name: 'event', listener: (event: ScannerEvent) => void): () => void } | undefined;
  cardPrinter(): { printCard(sides: { front: Uint8Array; back?: Uint8Array }, options?: { timeoutMs?: number; jobId?: string }): Promise<CommandResult<void, CardPrintError>> } | undefined;
  receiptPrinter(): { print(document: Uint8Array, options?: { timeoutMs?: number; jobId?: string }): Promise<CommandResult<void, string>> } | undefined;
}

/** Settings of the service (configuration `services.tempIdCard` plus the post). */
export interface TempIdSettings {
  enabled: boolean;
  feeFen: number;
  localRegistrationOnly: boolean;
  issuingAuthority: string;
  validityMonths: number;
  /** The post's jurisdiction (6-digit region + 3-digit station), for eligibility. */
  jurisdictionCode: string;
  postName: string;
  /** The post's time zone: dates on the card, the receipt and the slip. */
  timeZone: string;
  /** Face captures allowed before the resident is sent to the counter. */
  maxFaceAttempts: number;
  /** How long the resident has to pay before the order is cancelled. */
  paymentTimeoutMs: number;
  /** How often the order is polled while waiting for a QR payment. */
  paymentPollMs: number;
  /** Per-state timeouts (resident walked away / a peer went silent). */
  stateTimeoutMs: Record<State, number>;
  /** Timeout of one card print and one receipt print. */
  cardPrintTimeoutMs: number;
  receiptPrintTimeoutMs: number;
}

export interface TempIdDeps {
  gateway: PoliceGateway;
  payments: PaymentService;
  journal: Journal;
  devices: TempIdDevices;
  settings: TempIdSettings;
  registryPhoto: RegistryPhotoSource;
  log?: Logger;
  now: () => Date;
  /** Whether the devices the service needs are ready; checked again before any money is asked for. */
  readiness?: () => ServicePause | undefined;
}

/** The flow's memory. Personal fields are cleared on end (`wipe`). */
export interface TempIdContext {
  readonly deps: TempIdDeps;
  /** Ends the flow as cancelled (set by the launcher; used by decline and cancelPayment). */
  cancelSelf: () => void;
  identity?: { idNumber: string; source: 'card' | 'typed' };
  identityProblem?: IdentityProblem;
  identityAttempts: number;
  registry?: IdentityRecord;
  transactionId?: string;
  faceAttempt: number;
  faceLast?: 'noMatch' | 'badImage';
  /** The live capture between faceCaptured and the comparison; removed before the comparison call. */
  pendingFaceImage?: string;
  validFrom?: string;
  validUntil?: string;
  payment: {
    phase: TempIdViews['payment']['phase'];
    attempt?: PaymentAttempt;
    declined?: TempIdViews['payment']['declined'];
    orderId?: string;
  };
  money?: MoneyView;
  printing: { phase: TempIdViews['printing']['phase']; problem?: TempIdViews['printing']['printerProblem'] };
  issue?: TempIdCardIssue;
  cardPrinted: boolean;
  receiptPending: boolean;
  /** Set by an effect that settled the money itself (refund, ticket), so onEnd does not repeat it. */
  settled: boolean;
}

/** A fresh context for one flow. */
export function newTempIdContext(deps: TempIdDeps): TempIdContext {
  return {
    deps,
    cancelSelf: () => undefined,
    identityAttempts: 0,
    faceAttempt: 1,
    payment: { phase: 'creating' },
    printing: { phase: 'registering' },
    cardPrinted: false,
    receiptPending: false,
    settled: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

const log = (ctx: TempIdContext, event: string, fields: Record<string, unknown> = {}): void => {
  try {
    ctx.deps.log?.info(event, { service: 'tempIdCard', tx: ctx.transactionId, ...fields });
  } catch {
    // logging never breaks a flow
  }
};

const fail = (ctx: TempIdContext, reason: TempIdReason, message: string): Next<never> => {
  log(ctx, 'temp-id-failed', { reason });
  return failWith(reason, message);
};

/** The last day of a validity of `months` starting on `from` (inclusive), as the registry computes it. */
export function validUntil(from: string, months: number): string {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  target.setUTCDate(target.getUTCDate() - 1);
  return target.toISOString().slice(0, 10);
}

/** True when a name holds characters the card cannot print faithfully (private use, beyond the BMP). */
export function hasUnprintableCharacter(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code > 0xffff || (code >= 0xe000 && code <= 0xf8ff)) return true;
  }
  return false;
}

/** Maps a typed number's problem to the contract's identity problem. */
export function typedNumberProblem(typed: string, today: Date): IdentityProblem | undefined {
  const value = normalizeIdNumber(typed);
  if (value.length > 18) return 'tooLong';
  const partial = partialIdNumberProblem(value, today);
  if (partial) return IdentityProblemSchema.parse(partial);
  if (value.length < 18) return 'tooShort';
  return isValidIdNumber(value, today) ? undefined : 'badCheckCharacter';
}

const isNetwork = (error: GatewayError): boolean => error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server' || error.kind === 'malformed' || error.kind === 'unauthorized';

/** Retries a read-only or idempotent call while the error says a retry may help. */
async function withGatewayRetries<T>(call: () => Promise<GatewayResult<T>>, attempts = 2): Promise<GatewayResult<T>> {
  let last: GatewayResult<T> = await call();
  for (let i = 1; i < attempts && !last.ok && last.error.retryable; i++) last = await call();
  return last;
}

const journalStep = (ctx: TempIdContext, step: Parameters<Journal['recordStep']>[1]): void => {
  if (!ctx.transactionId) return;
  const result = ctx.deps.journal.recordStep(ctx.transactionId, step);
  if (!result.ok) log(ctx, 'journal-write-refused', { kind: step.kind, code: result.error.code });
};

/** Journal: closes an unpaid transaction as failed with a reason code (idempotent). */
function closeUnpaid(ctx: TempIdContext, reason: string): void {
  const tx = ctx.transactionId ? ctx.deps.journal.find(ctx.transactionId) : undefined;
  if (!tx || tx.status !== 'open') return;
  journalStep(ctx, { kind: reason === 'cancelled' ? 'cancelled' : 'failed', idempotencyKey: 'end', data: { reason } });
  ctx.deps.journal.fail(tx.id, reason);
}

/** Money the transaction currently holds (paid and not refunded), from the journal. */
function heldFen(ctx: TempIdContext): number {
  const tx = ctx.transactionId ? ctx.deps.journal.find(ctx.transactionId) : undefined;
  if (!tx) return 0;
  const refunded = new Set(tx.steps.filter((s) => s.kind === 'refunded').map((s) => s.idempotencyKey));
  return tx.steps.filter((s) => s.kind === 'paid' && !refunded.has(s.idempotencyKey)).reduce((sum, s) => sum + Number(s.data.amountFen ?? 0), 0);
}

const printerProblem = (error: CardPrintError | undefined): NonNullable<TempIdContext['printing']['problem']> => {
  switch (error) {
    case 'feederEmpty':
    case 'ribbonOut':
    case 'coverOpen':
    case 'cardJam':
    case 'offline':
    case 'timeOut':
      return error;
    case 'canceled':
    case 'commandRejected':
    case 'invalidData':
    case undefined:
      return 'other';
  }
};

const PROBLEM_WORDS: Record<NonNullable<TempIdContext['printing']['problem']>, string> = {
  feederEmpty: '制证机卡片用完',
  ribbonOut: '制证机色带用完',
  coverOpen: '制证机机盖打开',
  cardJam: '制证机卡片卡住',
  offline: '制证机未连接',
  timeOut: '制证机无响应',
  other: '制证机故障',
};

/**
 * Money is held but the card cannot be issued: refund, open a staff ticket, print a slip that says
 * what happened and what happens to the money, and record it all. Sets `ctx.money`.
 */
async function refundAndExplain(ctx: TempIdContext, why: string, what: string): Promise<void> {
  const { journal, payments, devices, settings } = ctx.deps;
  const txId = ctx.transactionId!;
  const amountFen = heldFen(ctx) || settings.feeFen;
  const refund = await payments.refund(txId, why);
  // The card was not handed over: the registry must not count the application as issued.
  const undone = await compensateEffects(journal, ctx.deps.gateway, txId, why);
  if (undone.failed.length > 0) log(ctx, 'temp-id-withdraw-failed', { failed: undone.failed.length });
  let status: 'refunded' | 'refundByStaff';
  if (refund.ok) {
    status = 'refunded';
  } else {
    status = 'refundByStaff';
    journalStep(ctx, { kind: 'handedToStaff', idempotencyKey: 'refund', data: { reason: why } });
    const tx = journal.find(txId);
    if (tx?.status === 'open') journal.finish(txId, 'handedToStaff', `${why}; refund failed`);
  }
  const backendNote = undone.failed.length > 0 ? '; application not withdrawn at the backend' : undone.compensated.length > 0 ? '; application withdrawn' : '';
  const ticket = journal.openTicket(txId, `${status === 'refunded' ? `${why}; refunded` : `${why}; refund failed, money still taken`}${backendNote}`.slice(0, 500));
  const ticketNo = ticket.ok ? ticket.value.number : undefined;
  ctx.money = { status, amountFen, ...(ticketNo !== undefined ? { ticketNo } : {}), slipPrinted: false };
  const printer = devices.receiptPrinter();
  if (printer) {
    const slip = notIssuedSlip({
      transactionNo: txId,
      maskedIdNumber: maskIdNumber(ctx.identity?.idNumber ?? ''),
      feeFen: amountFen,
      at: ctx.deps.now().toISOString(),
      postName: settings.postName,
      timeZone: settings.timeZone,
      what,
      money: status,
      ...(ticketNo !== undefined ? { ticketNo } : {}),
    });
    const printed = await printer.print(slip, { timeoutMs: settings.receiptPrintTimeoutMs, jobId: `${txId}/slip` });
    ctx.money = { ...ctx.money, slipPrinted: printed.ok };
  }
  ctx.settled = true;
  log(ctx, 'temp-id-refunded-after-payment', { money: status, slipPrinted: ctx.money.slipPrinted });
}

/** Records what a payment outcome means for the money in the view. */
function moneyFromOutcome(ctx: TempIdContext, outcome: PaymentOutcome): void {
  const amountFen = ctx.deps.settings.feeFen;
  switch (outcome.kind) {
    case 'paid':
      ctx.money = { status: 'charged', amountFen: outcome.order.amountFen };
      return;
    case 'notPaid':
    case 'declined':
      ctx.money = { status: 'notCharged', amountFen };
      return;
    case 'refunded':
      ctx.money = { status: 'refunded', amountFen: outcome.order.amountFen };
      ctx.settled = true;
      return;
    case 'unknown': {
      const ticket = ctx.transactionId ? ctx.deps.journal.openTicket(ctx.transactionId, `payment state unknown: ${outcome.message}`.slice(0, 400)) : undefined;
      ctx.money = { status: 'unknownByStaff', amountFen, ...(ticket?.ok ? { ticketNo: ticket.value.number } : {}) };
      ctx.settled = true;
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// State effects
// ---------------------------------------------------------------------------------------------

/** identity: waits for a card on the reader (typed numbers arrive as events). */
function awaitCard(ctx: TempIdContext, io: EffectIo): Promise<Next<State> | void> {
  const reader = ctx.deps.devices.idReader();
  if (!reader) return Promise.resolve();
  return new Promise((resolve) => {
    const off = reader.on('event', (event) => {
      switch (event.name) {
        case 'cardRemoved':
          return;
        case 'readFailed':
          ctx.identityProblem = 'readFailed';
          ctx.identityAttempts++;
          io.update();
          return;
        case 'cardRead': {
          const record = event.data.record;
          if (record.type !== 'resident') {
            ctx.identityProblem = 'notResidentCard';
            ctx.identityAttempts++;
            io.update();
            return;
          }
          stop();
          resolve(acceptCard(ctx, record));
          return;
        }
      }
    });
    const stop = () => {
      off();
      io.signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      stop();
      resolve();
    };
    io.signal.addEventListener('abort', onAbort, { once: true });
  });
}

function acceptCard(ctx: TempIdContext, record: ResidentRecord): Next<State> {
  ctx.identityAttempts++;
  if (record.needsStaffReview || hasUnprintableCharacter(record.name)) {
    return fail(ctx, 'rareCharacter', 'the card name holds a character that cannot be printed; staff review needed');
  }
  ctx.identity = { idNumber: record.idNumber, source: 'card' };
  ctx.identityProblem = undefined;
  return goto('eligibility');
}

/** eligibility: registry record and eligibility; opens the journal transaction. */
async function checkEligibility(ctx: TempIdContext): Promise<Next<State>> {
  const { gateway, journal, settings } = ctx.deps;
  const idNumber = ctx.identity!.idNumber;
  const identity = await withGatewayRetries(() => gateway.verifyIdentity({ idNumber }));
  if (!identity.ok) {
    if (identity.error.code === 'notFound') return fail(ctx, 'identityNotFound', 'no registry record for the number');
    return fail(ctx, 'backendUnavailable', `verifyIdentity: ${identity.error.kind} ${identity.error.message}`);
  }
  if (hasUnprintableCharacter(identity.value.name)) return fail(ctx, 'rareCharacter', 'the registry name holds a character that cannot be printed');
  const eligibility = await withGatewayRetries(() =>
    gateway.checkTempIdEligibility({ idNumber, jurisdictionCode: settings.jurisdictionCode, localRegistrationOnly: settings.localRegistrationOnly }),
  );
  if (!eligibility.ok) {
    if (eligibility.error.code === 'notFound') return fail(ctx, 'identityNotFound', 'no registry record for the number');
    return fail(ctx, 'backendUnavailable', `checkTempIdEligibility: ${eligibility.error.kind} ${eligibility.error.message}`);
  }
  const begun = journal.begin({ service: 'tempIdCard', amountFen: settings.feeFen, idNumber });
  if (!begun.ok) return fail(ctx, 'journalUnavailable', `journal: ${begun.error.message}`);
  ctx.transactionId = begun.value.id;
  journalStep(ctx, {
    kind: 'identityChecked',
    data: { source: ctx.identity!.source, eligible: eligibility.value.eligible, ...(eligibility.value.eligible ? {} : { reason: eligibility.value.reason }) },
  });
  log(ctx, 'temp-id-identity-checked', { source: ctx.identity!.source, eligible: eligibility.value.eligible });
  if (!eligibility.value.eligible) {
    closeUnpaid(ctx, eligibility.value.reason);
    return fail(ctx, eligibility.value.reason, `not eligible: ${eligibility.value.reason}`);
  }
  ctx.registry = identity.value;
  ctx.validFrom = calendarDate(ctx.deps.now(), settings.timeZone);
  ctx.validUntil = validUntil(ctx.validFrom, settings.validityMonths);
  return goto('face');
}

/** faceCheck: compares the capture with the photo on file; the capture is dropped first. */
async function compareFace(ctx: TempIdContext): Promise<Next<State>> {
  // The capture leaves the context before the call; the local below is its only reference and
  // goes out of scope with this function: nothing keeps it after the comparison.
  const image = ctx.pendingFaceImage;
  delete ctx.pendingFaceImage;
  if (!image) return goto('face');
  const result = await ctx.deps.gateway.compareFace({ idNumber: ctx.identity!.idNumber, imageBase64: image });
  const max = ctx.deps.settings.maxFaceAttempts;
  if (!result.ok && result.error.code !== 'badImage') {
    return fail(ctx, 'backendUnavailable', `compareFace: ${result.error.kind} ${result.error.message}`);
  }
  const matched = result.ok && result.value.match;
  if (matched) {
    journalStep(ctx, { kind: 'faceMatched', data: { attempt: ctx.faceAttempt } });
    return goto('confirm');
  }
  ctx.faceLast = result.ok ? 'noMatch' : 'badImage';
  if (ctx.faceAttempt >= max) {
    closeUnpaid(ctx, 'faceMismatch');
    return fail(ctx, 'faceMismatch', `no face match after ${max} attempts`);
  }
  ctx.faceAttempt++;
  return goto('face');
}

/** payment: creates the order, shows the QR, charges scanned payment codes, waits, cancels on abort. */
async function takePayment(ctx: TempIdContext, io: EffectIo): Promise<Next<State> | void> {
  const { payments, settings, devices, now } = ctx.deps;
  // Never ask for money the kiosk already knows it cannot deliver for.
  const pause = ctx.deps.readiness?.();
  if (pause) {
    closeUnpaid(ctx, 'deviceNotReady');
    return fail(ctx, 'deviceNotReady', `${pause.device} ${pause.problem} before payment`);
  }
  ctx.payment = { phase: 'creating' };
  io.update();
  const started = await payments.startPayment({ transactionId: ctx.transactionId!, amountFen: settings.feeFen, purpose: 'tempIdCardFee', channel: 'wechat' });
  if (!started.ok) {
    ctx.money = { status: 'notCharged', amountFen: settings.feeFen };
    closeUnpaid(ctx, 'paymentFailed');
    const down = started.error.gatewayError && isNetwork(started.error.gatewayError);
    return fail(ctx, down ? 'backendUnavailable' : 'paymentFailed', `startPayment: ${started.error.message}`);
  }
  const attempt = started.value;
  ctx.payment = { phase: 'waiting', attempt, orderId: attempt.order.orderId };
  ctx.money = { status: 'notCharged', amountFen: attempt.order.amountFen };
  io.update();
  if (attempt.order.status === 'paid') return settlePayment(ctx, { kind: 'paid', order: attempt.order, late: false });

  // A scanned payment code is charged while the QR stays valid; its outcome wakes the wait loop.
  let charging: Promise<PaymentOutcome> | undefined;
  let charged: PaymentOutcome | undefined;
  let wake: () => void = () => undefined;
  const offScanner = devices.scanner()?.on('event', (event) => {
    if (event.data.kind === 'text' || charging || io.signal.aborted) return;
    ctx.payment.phase = 'charging';
    ctx.payment.declined = undefined;
    io.update();
    charging = attempt.payWithScannedCode(event.data.text).then((outcome) => {
      charging = undefined;
      if (outcome.kind === 'declined') {
        const code = outcome.code;
        ctx.payment.declined = code === 'paymentDeclined' || code === 'insufficientFunds' || code === 'invalidAuthCode' ? code : 'other';
        ctx.payment.phase = 'waiting';
        if (!io.signal.aborted) io.update();
      } else if (outcome.kind !== 'unknown') {
        charged = outcome;
      } else {
        ctx.payment.phase = 'waiting';
      }
      wake();
      return outcome;
    });
  });

  try {
    const deadline = Math.min(now().getTime() + settings.paymentTimeoutMs, Date.parse(attempt.order.expiresAt));
    for (;;) {
      if (charging) await charging;
      if (io.signal.aborted) {
        ctx.payment.phase = 'cancelling';
        const outcome = await attempt.cancel('refund');
        moneyFromOutcome(ctx, outcome);
        log(ctx, 'temp-id-payment-abandoned', { outcome: outcome.kind });
        return;
      }
      if (charged) return settlePayment(ctx, charged);
      const seen = await attempt.check();
      if (seen.kind !== 'pending' && seen.kind !== 'unknown') return settlePayment(ctx, seen);
      if (now().getTime() >= deadline) {
        ctx.payment.phase = 'cancelling';
        io.update();
        return settlePayment(ctx, await attempt.cancel('honour'), 'timeout');
      }
      const woken = new Promise<void>((resolve) => (wake = resolve));
      if (charged || charging) continue; // settled while we were checking: no need to sleep
      await sleep(Math.min(settings.paymentPollMs, Math.max(0, deadline - now().getTime())), io.signal, woken);
    }
  } finally {
    offScanner?.();
  }
}

function settlePayment(ctx: TempIdContext, outcome: PaymentOutcome, why?: 'timeout'): Next<State> {
  moneyFromOutcome(ctx, outcome);
  log(ctx, 'temp-id-payment', { outcome: outcome.kind });
  switch (outcome.kind) {
    case 'paid':
      return goto('printing');
    case 'notPaid':
      closeUnpaid(ctx, why === 'timeout' || outcome.reason === 'expired' || outcome.reason === 'timeout' ? 'paymentTimeout' : 'paymentFailed');
      return why === 'timeout' || outcome.reason === 'expired' || outcome.reason === 'timeout'
        ? fail(ctx, 'paymentTimeout', `not paid in time (${outcome.reason})`)
        : fail(ctx, 'paymentFailed', `payment ended: ${outcome.reason}`);
    case 'declined':
      closeUnpaid(ctx, 'paymentFailed');
      return fail(ctx, 'paymentFailed', `declined: ${outcome.code}`);
    case 'refunded':
      return fail(ctx, 'paymentFailed', 'a duplicate charge was refunded');
    case 'unknown':
      return fail(ctx, 'backendUnavailable', `payment state unknown: ${outcome.message}`);
  }
}

/** Fields for the card from the backend's registration (authoritative) and the configuration. */
function cardFields(ctx: TempIdContext, issue: TempIdCardIssue): TempIdCardFields {
  return {
    name: issue.name,
    sex: issue.sex,
    ethnicity: issue.ethnicity,
    birthDate: issue.birthDate,
    address: issue.registeredAddress,
    idNumber: issue.idNumber,
    issuingAuthority: ctx.deps.settings.issuingAuthority,
    validFrom: issue.validFrom,
    validUntil: issue.validUntil,
  };
}

/** printing: registers the application, prints the card, then the receipt. */
async function printAll(ctx: TempIdContext, io: EffectIo): Promise<Next<State> | void> {
  const { gateway, journal, devices, settings, now } = ctx.deps;
  const txId = ctx.transactionId!;
  const orderId = ctx.payment.orderId!;
  const compensate = async (reason: TempIdReason, why: string, what: string): Promise<Next<State>> => {
    ctx.printing.phase = 'compensating';
    io.update();
    await refundAndExplain(ctx, why, what);
    return fail(ctx, reason, why);
  };

  ctx.printing = { phase: 'registering' };
  io.update();
  const applied = await withGatewayRetries(
    () =>
      gateway.applyTempIdCard({
        idempotencyKey: `${txId}/apply`,
        idNumber: ctx.identity!.idNumber,
        jurisdictionCode: settings.jurisdictionCode,
        localRegistrationOnly: settings.localRegistrationOnly,
        paymentOrderId: orderId,
      }),
    3,
  );
  if (!applied.ok) {
    return isNetwork(applied.error)
      ? compensate('backendUnavailable', `applyTempIdCard: ${applied.error.kind}`, '公安系统暂时无法连接')
      : compensate('applicationRefused', `applyTempIdCard refused: ${applied.error.code ?? applied.error.kind} ${applied.error.reason ?? ''}`.trim(), '申请未被受理');
  }
  ctx.issue = applied.value;
  recordEffect(journal, txId, {
    operation: 'applyTempIdCard',
    reference: applied.value.applicationNo,
    compensation: { operation: 'withdrawTempIdApplication', request: { applicationNo: applied.value.applicationNo } },
  });
  if (io.signal.aborted) return; // onEnd refunds and withdraws: nothing was printed

  const photo = await ctx.deps.registryPhoto({ photoRef: applied.value.photoRef });
  if (!photo.ok) return compensate('cardPrinterFailed', `registry photo unavailable: ${photo.error.message}`, '无法获取证件照片');
  const composed = composeTempIdCard(cardFields(ctx, applied.value), photo.value);
  if (!composed.ok) {
    ctx.printing.problem = 'other';
    return compensate('cardPrinterFailed', `card could not be composed: ${composed.error.message}`, PROBLEM_WORDS.other);
  }
  if (io.signal.aborted) return;

  ctx.printing.phase = 'card';
  io.update();
  const cardPrinter = devices.cardPrinter();
  const printed = cardPrinter
    ? await cardPrinter.printCard({ front: composed.value.front, back: composed.value.back }, { timeoutMs: settings.cardPrintTimeoutMs, jobId: txId })
    : deviceFail('deviceNotReady', 'no card printer configured', 'offline');
  if (!printed.ok) {
    const problem = printerProblem(printed.error.error);
    ctx.printing.problem = problem;
    journalStep(ctx, { kind: 'printFailed', idempotencyKey: 'card', data: { device: 'cardPrinter', cause: problem, code: printed.error.code } });
    return compensate('cardPrinterFailed', `card printer: ${problem}`, PROBLEM_WORDS[problem]);
  }
  ctx.cardPrinted = true;
  ctx.money = { status: 'charged', amountFen: ctx.money?.amountFen ?? settings.feeFen };
  journalStep(ctx, { kind: 'printed', idempotencyKey: 'card', data: { document: 'tempIdCard', applicationNo: applied.value.applicationNo, validUntil: applied.value.validUntil } });
  log(ctx, 'temp-id-card-printed');

  ctx.printing.phase = 'receipt';
  io.update();
  const receiptData: TempIdReceiptData = {
    transactionNo: txId,
    applicationNo: applied.value.applicationNo,
    maskedIdNumber: maskIdNumber(applied.value.idNumber),
    feeFen: ctx.money.amountFen,
    at: now().toISOString(),
    postName: settings.postName,
    validUntil: applied.value.validUntil,
    timeZone: settings.timeZone,
  };
  // Saved before printing, so a crash mid-print leaves a receipt staff can reprint.
  journal.saveReceipt(txId, 'tempIdReceipt', { ...receiptData });
  const receiptPrinter = devices.receiptPrinter();
  const receipt = receiptPrinter
    ? await receiptPrinter.print(tempIdReceipt(receiptData), { timeoutMs: settings.receiptPrintTimeoutMs, jobId: `${txId}/receipt` })
    : deviceFail('deviceNotReady', 'no receipt printer configured', 'offline');
  if (receipt.ok) {
    journalStep(ctx, { kind: 'receiptPrinted', data: { document: 'tempIdReceipt' } });
  } else {
    ctx.receiptPending = true;
    const cause = receipt.error.error || receipt.error.code;
    journal.openTicket(txId, `receipt not printed (${cause}); card issued; reprint the saved receipt`);
    log(ctx, 'temp-id-receipt-pending', { cause });
  }
  journal.complete(txId);
  ctx.settled = true;
  return goto('done');
}

/** After the flow ended: settle what the effects did not, then wipe personal data. */
async function endFlow(ctx: TempIdContext, outcome: { status: string; error?: { code: string } }): Promise<void> {
  try {
    const txId = ctx.transactionId;
    const tx = txId ? ctx.deps.journal.find(txId) : undefined;
    if (tx && tx.status === 'open' && !ctx.settled) {
      if (ctx.cardPrinted) {
        ctx.deps.journal.complete(tx.id);
      } else if (heldFen(ctx) > 0) {
        await refundAndExplain(ctx, `flow ${outcome.status} (${outcome.error?.code ?? '-'}) after payment, card not printed`, '办理中断，未制证');
      } else {
        closeUnpaid(ctx, outcome.error?.code ?? outcome.status);
      }
    }
    log(ctx, 'temp-id-ended', { status: outcome.status, code: outcome.error?.code });
  } finally {
    wipe(ctx);
  }
}

/** Drops every personal datum from the context. */
function wipe(ctx: TempIdContext): void {
  delete ctx.identity;
  delete ctx.registry;
  delete ctx.issue;
  delete ctx.pendingFaceImage;
}

// ---------------------------------------------------------------------------------------------
// The definition
// ---------------------------------------------------------------------------------------------

const masked = (ctx: TempIdContext): string => maskIdNumber(ctx.identity?.idNumber ?? ctx.issue?.idNumber ?? '');
const withMoney = <T extends object>(ctx: TempIdContext, view: T): T & { money?: MoneyView } => (ctx.money ? { ...view, money: ctx.money } : view);

/** Builds the flow definition (timeouts come from the settings). */
export function tempIdCardFlow(settings: TempIdSettings) {
  const t = settings.stateTimeoutMs;
  return defineFlow<TempIdContext>()({
    service: 'tempIdCard',
    initial: 'notice',
    totalSteps: TEMP_ID_TOTAL_STEPS,
    events: tempIdEvents,
    states: {
      notice: {
        step: 1,
        timeoutMs: t.notice,
        on: {
          accept: (_p, ctx) => (ctx.deps.settings.enabled ? goto('identity') : fail(ctx, 'serviceDisabled', 'the service is switched off')),
          decline: (_p, ctx) => {
            queueMicrotask(ctx.cancelSelf);
          },
        },
        view: (ctx): TempIdViews['notice'] => ({ feeFen: ctx.deps.settings.feeFen, validityMonths: ctx.deps.settings.validityMonths }),
      },
      identity: {
        step: 2,
        timeoutMs: t.identity,
        enter: (ctx, io) => awaitCard(ctx, io),
        on: {
          idNumberEntered: ({ idNumber }, ctx) => {
            ctx.identityAttempts++;
            const problem = typedNumberProblem(idNumber, ctx.deps.now());
            if (problem) {
              ctx.identityProblem = problem;
              return;
            }
            ctx.identity = { idNumber: normalizeIdNumber(idNumber), source: 'typed' };
            ctx.identityProblem = undefined;
            return goto('eligibility');
          },
        },
        view: (ctx): TempIdViews['identity'] => withMoney(ctx, { ...(ctx.identityProblem ? { problem: ctx.identityProblem } : {}), attempts: ctx.identityAttempts }),
      },
      eligibility: {
        step: 3,
        timeoutMs: t.eligibility,
        enter: (ctx) => checkEligibility(ctx),
        view: (ctx): TempIdViews['eligibility'] => ({ maskedIdNumber: masked(ctx) }),
      },
      face: {
        step: 4,
        timeoutMs: t.face,
        on: {
          faceCaptured: ({ imageJpegBase64 }, ctx) => {
            ctx.pendingFaceImage = imageJpegBase64;
            return goto('faceCheck');
          },
          cameraUnavailable: ({ reason }, ctx) => {
            closeUnpaid(ctx, 'cameraUnavailable');
            return fail(ctx, 'cameraUnavailable', `camera ${reason}`);
          },
        },
        view: (ctx): TempIdViews['face'] => ({
          attempt: ctx.faceAttempt,
          maxAttempts: ctx.deps.settings.maxFaceAttempts,
          ...(ctx.faceLast ? { lastResult: ctx.faceLast } : {}),
        }),
      },
      faceCheck: {
        step: 4,
        timeoutMs: t.faceCheck,
        enter: (ctx) => compareFace(ctx),
        view: (ctx): TempIdViews['faceCheck'] => ({ attempt: ctx.faceAttempt, maxAttempts: ctx.deps.settings.maxFaceAttempts }),
      },
      confirm: {
        step: 5,
        timeoutMs: t.confirm,
        on: {
          confirm: () => goto('payment'),
          back: (_p, ctx) => {
            closeUnpaid(ctx, 'cancelled');
            delete ctx.transactionId;
            delete ctx.identity;
            delete ctx.registry;
            delete ctx.identityProblem;
            ctx.identityAttempts = 0;
            ctx.faceAttempt = 1;
            delete ctx.faceLast;
            return goto('identity');
          },
        },
        view: (ctx): TempIdViews['confirm'] => {
          const r = ctx.registry!;
          return {
            name: r.name,
            sex: r.sex,
            ethnicity: r.ethnicity,
            birthDate: r.birthDate,
            address: r.registeredAddress,
            maskedIdNumber: masked(ctx),
            validFrom: ctx.validFrom!,
            validUntil: ctx.validUntil!,
            issuingAuthority: ctx.deps.settings.issuingAuthority,
            feeFen: ctx.deps.settings.feeFen,
          };
        },
      },
      payment: {
        step: 6,
        timeoutMs: t.payment,
        enter: (ctx, io) => takePayment(ctx, io),
        on: {
          cancelPayment: (_p, ctx) => {
            queueMicrotask(ctx.cancelSelf);
          },
        },
        view: (ctx): TempIdViews['payment'] => {
          const order = ctx.payment.attempt?.order;
          const secondsLeft = order ? Math.max(0, Math.round((Date.parse(order.expiresAt) - ctx.deps.now().getTime()) / 1000)) : undefined;
          return withMoney(ctx, {
            phase: ctx.payment.phase,
            amountFen: order?.amountFen ?? ctx.deps.settings.feeFen,
            ...(order ? { qrPayload: order.qrPayload, expiresAt: order.expiresAt, secondsLeft: Math.min(secondsLeft!, Math.round(ctx.deps.settings.paymentTimeoutMs / 1000)) } : {}),
            ...(ctx.payment.declined ? { declined: ctx.payment.declined } : {}),
          });
        },
      },
      printing: {
        step: 7,
        timeoutMs: t.printing,
        enter: (ctx, io) => printAll(ctx, io),
        view: (ctx): TempIdViews['printing'] => withMoney(ctx, { phase: ctx.printing.phase, ...(ctx.printing.problem ? { printerProblem: ctx.printing.problem } : {}) }),
      },
      done: {
        step: 8,
        timeoutMs: t.done,
        enter: async () => finish(),
        view: (ctx): TempIdViews['done'] => withMoney(ctx, {
          transactionNo: ctx.transactionId ?? '',
          maskedIdNumber: masked(ctx),
          validUntil: ctx.issue?.validUntil ?? ctx.validUntil ?? '',
          receiptPending: ctx.receiptPending,
        }),
      },
    },
    onEnd: (outcome, ctx) => endFlow(ctx, outcome),
  });
}
