/**
 * The temporary ID card's own work, as actors the machine invokes: the registry and eligibility
 * check, the application at the backend, the card and the receipt. Each returns a plain outcome;
 * the machine decides what it means (journal steps, money, where to go next).
 */
import { fromPromise } from 'xstate';
import { calendarDate } from '../../contract/clock';
import type { TempIdReason } from '../../contract/flows/temp-id-card';
import { maskIdNumber } from '../../contract/id-number';
import type { CardPrintError } from '../../devices/card-printer/driver';
import { fail, type CommandResult } from '../../devices/types';
import { isNetwork, withGatewayRetries, type KitDeps } from '../kit/deps';
import type { IdentityRecord, TempIdCardIssue } from '../gateway/types';
import { composeTempIdCard, type TempIdCardFields } from './card-layout';
import type { RegistryPhotoSource } from './portrait';
import { tempIdReceipt, type TempIdReceiptData } from './receipt';

/** The temporary ID card's settings (configuration `services.tempIdCard` and the post). */
export interface TempIdSettings {
  enabled: boolean;
  feeFen: number;
  localRegistrationOnly: boolean;
  issuingAuthority: string;
  validityMonths: number;
  /** The post's jurisdiction (6-digit region + 3-digit station), for eligibility. */
  jurisdictionCode: string;
  maxFaceAttempts: number;
  paymentTimeoutMs: number;
  paymentPollMs: number;
  cardPrintTimeoutMs: number;
  /** Per-state time-outs (a resident walked away, a peer went silent). */
  timeouts: Record<'notice' | 'identity' | 'eligibility' | 'face' | 'faceCheck' | 'confirm' | 'payment' | 'exchange' | 'printing' | 'settle', number>;
}

/** The card printer, the one device only this service uses. */
export interface CardPrinterPort {
  printCard(sides: { front: Uint8Array; back?: Uint8Array }, options?: { timeoutMs?: number; jobId?: string }): Promise<CommandResult<void, CardPrintError>>;
}

export interface TempIdDeps {
  kit: KitDeps;
  settings: TempIdSettings;
  cardPrinter(): CardPrinterPort | undefined;
  registryPhoto: RegistryPhotoSource;
}

/** True when a name holds characters the card cannot print faithfully (private use, beyond the BMP). */
export function hasUnprintableCharacter(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code > 0xffff || (code >= 0xe000 && code <= 0xf8ff)) return true;
  }
  return false;
}

/** The last day of a validity of `months` starting on `from` (inclusive), as the registry computes it. */
export function validUntil(from: string, months: number): string {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  target.setUTCDate(target.getUTCDate() - 1);
  return target.toISOString().slice(0, 10);
}

export type EligibilityOutcome =
  | { ok: true; registry: IdentityRecord; validFrom: string; validUntil: string }
  | { ok: false; reason: TempIdReason; message: string; recordRefusal?: boolean };

/** The registry record and the eligibility rules; reads only (the journal transaction opens after). */
export const checkEligibility = fromPromise<EligibilityOutcome, { deps: TempIdDeps; idNumber: string }>(async ({ input: { deps, idNumber } }) => {
  const { gateway, now, post } = deps.kit;
  const { settings } = deps;
  const identity = await withGatewayRetries(() => gateway.verifyIdentity({ idNumber }));
  if (!identity.ok) {
    if (identity.error.code === 'notFound') return { ok: false, reason: 'identityNotFound', message: 'no registry record for the number' };
    return { ok: false, reason: 'backendUnavailable', message: `verifyIdentity: ${identity.error.kind} ${identity.error.message}` };
  }
  if (hasUnprintableCharacter(identity.value.name)) return { ok: false, reason: 'rareCharacter', message: 'the registry name holds a character that cannot be printed' };
  const eligibility = await withGatewayRetries(() =>
    gateway.checkTempIdEligibility({ idNumber, jurisdictionCode: settings.jurisdictionCode, localRegistrationOnly: settings.localRegistrationOnly }),
  );
  if (!eligibility.ok) {
    if (eligibility.error.code === 'notFound') return { ok: false, reason: 'identityNotFound', message: 'no registry record for the number' };
    return { ok: false, reason: 'backendUnavailable', message: `checkTempIdEligibility: ${eligibility.error.kind} ${eligibility.error.message}` };
  }
  if (!eligibility.value.eligible) return { ok: false, reason: eligibility.value.reason, message: `not eligible: ${eligibility.value.reason}`, recordRefusal: true };
  const validFrom = calendarDate(now(), post.timeZone);
  return { ok: true, registry: identity.value, validFrom, validUntil: validUntil(validFrom, settings.validityMonths) };
});

export type ApplyOutcome = { ok: true; issue: TempIdCardIssue } | { ok: false; reason: 'backendUnavailable' | 'applicationRefused'; message: string };

/** Registers the application against the paid order (idempotent per transaction). */
export const applyForCard = fromPromise<ApplyOutcome, { deps: TempIdDeps; transactionId: string; idNumber: string; orderId: string }>(async ({ input }) => {
  const { settings, kit } = input.deps;
  const applied = await withGatewayRetries(
    () =>
      kit.gateway.applyTempIdCard({
        idempotencyKey: `${input.transactionId}/apply`,
        idNumber: input.idNumber,
        jurisdictionCode: settings.jurisdictionCode,
        localRegistrationOnly: settings.localRegistrationOnly,
        paymentOrderId: input.orderId,
      }),
    3,
  );
  if (applied.ok) return { ok: true, issue: applied.value };
  return isNetwork(applied.error)
    ? { ok: false, reason: 'backendUnavailable', message: `applyTempIdCard: ${applied.error.kind}` }
    : { ok: false, reason: 'applicationRefused', message: `applyTempIdCard refused: ${applied.error.code ?? applied.error.kind} ${applied.error.reason ?? ''}`.trim() };
});

export type CardProblem = 'feederEmpty' | 'ribbonOut' | 'coverOpen' | 'cardJam' | 'offline' | 'timeOut' | 'other';

/** Plain words for a slip, per card-printer problem. */
export const PROBLEM_WORDS: Record<CardProblem | 'photo' | 'registration', string> = {
  feederEmpty: '制证机卡片用完',
  ribbonOut: '制证机色带用完',
  coverOpen: '制证机机盖打开',
  cardJam: '制证机卡片卡住',
  offline: '制证机未连接',
  timeOut: '制证机无响应',
  other: '制证机故障',
  photo: '无法获取证件照片',
  registration: '申请未被受理',
};

const cardProblem = (error: CardPrintError | undefined): CardProblem => {
  switch (error) {
    case 'feederEmpty':
    case 'ribbonOut':
    case 'coverOpen':
    case 'cardJam':
    case 'offline':
    case 'timeOut':
      return error;
    default:
      return 'other';
  }
};

export type CardOutcome = { ok: true } | { ok: false; problem: CardProblem; code: string; message: string };

/** Fields for the card from the backend's registration (authoritative) and the configuration. */
function cardFields(deps: TempIdDeps, issue: TempIdCardIssue): TempIdCardFields {
  return {
    name: issue.name,
    sex: issue.sex,
    ethnicity: issue.ethnicity,
    birthDate: issue.birthDate,
    address: issue.registeredAddress,
    idNumber: issue.idNumber,
    issuingAuthority: deps.settings.issuingAuthority,
    validFrom: issue.validFrom,
    validUntil: issue.validUntil,
  };
}

/** Composes the card (registry photo, not the live capture) and prints it, one job per transaction. */
export const printCard = fromPromise<CardOutcome, { deps: TempIdDeps; transactionId: string; issue: TempIdCardIssue }>(async ({ input: { deps, transactionId, issue } }) => {
  const photo = await deps.registryPhoto({ photoRef: issue.photoRef });
  if (!photo.ok) return { ok: false, problem: 'other', code: 'photo', message: `registry photo unavailable: ${photo.error.message}` };
  const composed = composeTempIdCard(cardFields(deps, issue), photo.value);
  if (!composed.ok) return { ok: false, problem: 'other', code: 'compose', message: `card could not be composed: ${composed.error.message}` };
  const printer = deps.cardPrinter();
  const printed = printer
    ? await printer.printCard({ front: composed.value.front, back: composed.value.back }, { timeoutMs: deps.settings.cardPrintTimeoutMs, jobId: transactionId })
    : fail('deviceNotReady', 'no card printer configured', 'offline' as const);
  if (printed.ok) return { ok: true };
  return { ok: false, problem: cardProblem(printed.error.error), code: printed.error.code, message: printed.error.message };
});

export type ReceiptOutcome = { ok: true } | { ok: false; cause: string };

/** The receipt's data: masked and non-personal, saved in the journal before printing (for reprints). */
export function receiptData(deps: TempIdDeps, transactionId: string, issue: TempIdCardIssue, feeFen: number): TempIdReceiptData {
  return {
    transactionNo: transactionId,
    applicationNo: issue.applicationNo,
    maskedIdNumber: maskIdNumber(issue.idNumber),
    feeFen,
    at: deps.kit.now().toISOString(),
    postName: deps.kit.post.name,
    validUntil: issue.validUntil,
    timeZone: deps.kit.post.timeZone,
  };
}

export const printReceipt = fromPromise<ReceiptOutcome, { deps: TempIdDeps; transactionId: string; data: TempIdReceiptData }>(async ({ input: { deps, transactionId, data } }) => {
  const printer = deps.kit.devices.receiptPrinter();
  if (!printer) return { ok: false, cause: 'no receipt printer configured' };
  const printed = await printer.print(tempIdReceipt(data), { timeoutMs: deps.kit.post.receiptPrintTimeoutMs, jobId: `${transactionId}/receipt` });
  return printed.ok ? { ok: true } : { ok: false, cause: printed.error.error ?? printed.error.code };
});
