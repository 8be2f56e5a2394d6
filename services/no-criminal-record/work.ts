/**
 * The certificate's own work, as actors the machine invokes: the registry lookup (which opens the
 * journal transaction), the record check, and the issue at the backend. Each returns a plain outcome;
 * the machine decides what it means.
 *
 * Discretion: a record is never named here beyond the neutral outcome `notIssuable`; messages that
 * reach the journal, the log or the resident say "not issuable here" and nothing else.
 */
import { fromPromise } from 'xstate';
import { calendarDate } from '../../contract/clock';
import type { CertificatePeriodRule, CertificatePurpose } from '../../contract/flows/no-criminal-record';
import { maskIdNumber } from '../../contract/id-number';
import { certificatePeriod, type A4Printer, type IssuerKey } from '../documents';
import { recordEffect, settleRefusedEffect } from '../gateway/compensation';
import type { NoCriminalRecordCertificate } from '../gateway/types';
import { isNetwork, journalStep, withGatewayRetries, type KitDeps } from '../kit/deps';

/** The service's settings (configuration `services.noCriminalRecord` and defaults). */
export interface NoCriminalRecordSettings {
  enabled: boolean;
  periodRule: CertificatePeriodRule;
  validityMonths: number;
  purposes: readonly CertificatePurpose[];
  purposeTextMaxLength: number;
  statementAfterCertificates: number;
  statementMinLength: number;
  maxFaceAttempts: number;
  printTimeoutMs: number;
  timeouts: Record<'notice' | 'identity' | 'lookup' | 'face' | 'faceCheck' | 'purpose' | 'checking' | 'statement' | 'issuing' | 'printing' | 'undo', number>;
}

export interface NoCriminalRecordDeps {
  kit: KitDeps;
  settings: NoCriminalRecordSettings;
  /** The issuer keys a certificate's code must verify against before it is printed. */
  trustedKeys: readonly IssuerKey[];
  documentPrinter(): A4Printer | undefined;
}

/** The journal's reprint record: the certificate number and masked data only (re-fetched for a reprint). */
export const SAVED_CERTIFICATE = 'noCriminalRecordCertificate';

/** What 用途 the certificate prints for each purpose (`other`: the resident's own text). */
export const PURPOSE_WORDS: Record<Exclude<CertificatePurpose, 'other'>, string> = {
  employment: '就业',
  study: '入学',
  visaEmigration: '出国（境）签证或移民',
  adoption: '收养',
};

/** Characters of a typed text, as the resident sees them (a rare character beyond the BMP is one). */
export const textLength = (text: string): number => [...text].length;

export type LookupOutcome =
  | { ok: true; transactionId: string; birthDate: string; period: { from: string; to: string } }
  | { ok: false; reason: 'identityNotFound' | 'backendUnavailable' | 'journalUnavailable'; message: string };

/** The registry record (birth date for the period); opens the free journal transaction (masked number only). */
export const lookUpResident = fromPromise<LookupOutcome, { deps: NoCriminalRecordDeps; idNumber: string; source: 'card' | 'typed' }>(async ({ input }) => {
  const { kit, settings } = input.deps;
  const identity = await withGatewayRetries(() => kit.gateway.verifyIdentity({ idNumber: input.idNumber }));
  if (!identity.ok) {
    if (identity.error.code === 'notFound') return { ok: false, reason: 'identityNotFound', message: 'no registry record for the number' };
    return { ok: false, reason: 'backendUnavailable', message: `verifyIdentity: ${identity.error.kind}` };
  }
  const begun = kit.journal.begin({ service: 'noCriminalRecord', amountFen: 0, idNumber: input.idNumber });
  if (!begun.ok) return { ok: false, reason: 'journalUnavailable', message: `journal: ${begun.error.code}` };
  journalStep(kit, begun.value.id, { kind: 'identityChecked', data: { source: input.source, found: true } });
  const today = calendarDate(kit.now(), kit.post.timeZone);
  return { ok: true, transactionId: begun.value.id, birthDate: identity.value.birthDate, period: certificatePeriod(identity.value.birthDate, today, settings.periodRule) };
});

export type CheckOutcome =
  | { ok: true; certificatesThisYear: number; statementNeeded: boolean }
  | { ok: false; reason: 'notIssuableHere' | 'identityNotFound' | 'backendUnavailable'; message: string };

/** The national database query: issuable here or not (nothing more), and whether a stated purpose is needed. */
export const checkRecord = fromPromise<CheckOutcome, { deps: NoCriminalRecordDeps; idNumber: string }>(async ({ input }) => {
  const { kit, settings } = input.deps;
  const checked = await withGatewayRetries(() => kit.gateway.checkCriminalRecord({ idNumber: input.idNumber }));
  if (!checked.ok) {
    if (checked.error.code === 'notFound') return { ok: false, reason: 'identityNotFound', message: 'no registry record for the number' };
    return { ok: false, reason: 'backendUnavailable', message: `check: ${checked.error.kind}` };
  }
  if (!checked.value.clean) return { ok: false, reason: 'notIssuableHere', message: 'not issuable here' };
  const { certificatesThisYear, purposeRequired } = checked.value;
  return { ok: true, certificatesThisYear, statementNeeded: purposeRequired || certificatesThisYear >= settings.statementAfterCertificates };
});

export type IssueOutcome =
  | { ok: true; certificate: NoCriminalRecordCertificate }
  | { ok: false; reason: 'notIssuableHere' | 'statementNeeded' | 'backendUnavailable' | 'journalUnavailable' | 'internalError'; message: string };

export interface IssueInput {
  deps: NoCriminalRecordDeps;
  transactionId: string;
  idNumber: string;
  purpose: string;
  statement?: string;
}

/**
 * Issues the certificate. The effect (and its undo, voiding by the kiosk reference) is journalled
 * before the call, so an answer lost on the way can still be voided; a refusal settles it at once.
 * The journal keeps the certificate number for a reprint, never the personal fields.
 */
export const issueCertificate = fromPromise<IssueOutcome, IssueInput>(async ({ input }) => {
  const { kit, settings } = input.deps;
  const effect = {
    operation: 'issueCriminalRecordCertificate' as const,
    reference: `${input.transactionId}/issue`,
    compensation: { operation: 'voidCriminalRecordCertificate' as const, request: { kioskReference: input.transactionId } },
  };
  try {
    recordEffect(kit.journal, input.transactionId, effect);
  } catch (error) {
    return { ok: false, reason: 'journalUnavailable', message: error instanceof Error ? error.message : 'journal' };
  }
  const issued = await withGatewayRetries(
    () =>
      kit.gateway.issueCriminalRecordCertificate({
        idempotencyKey: effect.reference,
        idNumber: input.idNumber,
        kioskReference: input.transactionId,
        purpose: input.purpose,
        ...(input.statement ? { purposeStatement: input.statement } : {}),
        periodRule: settings.periodRule,
        validityMonths: settings.validityMonths,
      }),
    3,
  );
  if (!issued.ok) {
    if (isNetwork(issued.error)) return { ok: false, reason: 'backendUnavailable', message: `issue: ${issued.error.kind}` };
    // Refused outright: nothing was issued, nothing to void.
    settleRefusedEffect(kit.journal, input.transactionId, effect, issued.error.code === 'recordExists' ? 'notIssuableHere' : String(issued.error.code ?? issued.error.kind));
    if (issued.error.code === 'recordExists') return { ok: false, reason: 'notIssuableHere', message: 'not issuable here' };
    if (issued.error.code === 'purposeRequired') return { ok: false, reason: 'statementNeeded', message: 'the backend asks for a stated purpose' };
    return { ok: false, reason: 'internalError', message: `issue refused: ${issued.error.code ?? issued.error.kind}` };
  }
  const certificate = issued.value;
  kit.journal.saveReceipt(input.transactionId, SAVED_CERTIFICATE, { certificateNo: certificate.certificateNo, maskedIdNumber: maskIdNumber(input.idNumber), validUntil: certificate.validUntil });
  return { ok: true, certificate };
});
