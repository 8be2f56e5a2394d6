/**
 * The tip-off's own work: the kiosk's rate limit (counted in the journal, so a restart does not
 * reset it), the checks of what the resident typed, sending it to the backend, and the slip with
 * the tracking number.
 *
 * What is kept where: the category, the place and the text go to the police backend and nowhere
 * else — not the journal, not a log line, not the slip. The journal gets a transaction of service
 * `tipOff` (never the reporter's ID number, even for a named tip-off: the backend has that) and
 * the saved slip (its tracking number), which is how staff can reprint it.
 */
import { fromPromise } from 'xstate';
import type { TipOffCategory } from '../../contract/applications';
import { isNetwork, journalStep, logEvent, withGatewayRetries, type KitDeps } from '../kit/deps';
import { tipOffSlip, type TipOffSlipData } from './slip';

export interface TipOffSettings {
  enabled: boolean;
  kioskId: string;
  categories: readonly TipOffCategory[];
  textMinLength: number;
  textMaxLength: number;
  placeMaxLength: number;
  rateLimit: { perHour: number; perDay: number };
  maxFaceAttempts: number;
  timeouts: Record<'notice' | 'category' | 'place' | 'text' | 'anonymity' | 'identity' | 'lookup' | 'face' | 'faceCheck' | 'confirm' | 'submitting' | 'printing', number>;
}

export interface TipOffDeps {
  kit: KitDeps;
  settings: TipOffSettings;
}

/** The journal's record of a slip: the tracking number and when, nothing about the tip-off itself. */
export const SAVED_SLIP = 'tipOffSlip';

/** Characters as the resident sees them (a character beyond the BMP is one). */
export const textLength = (text: string): number => [...text].length;

export type TextProblem = 'empty' | 'tooShort' | 'tooLong';
export function textProblem(text: string, settings: Pick<TipOffSettings, 'textMinLength' | 'textMaxLength'>): TextProblem | undefined {
  const length = textLength(text.trim());
  if (length === 0) return 'empty';
  if (length < settings.textMinLength) return 'tooShort';
  return length > settings.textMaxLength ? 'tooLong' : undefined;
}

/** Tip-offs this kiosk tried to send within the last hour and day (from the journal). */
export function recentTipOffs(kit: KitDeps): { lastHour: number; lastDay: number } {
  const now = kit.now().getTime();
  const count = kit.journal.database.prepare<[string, string], { n: number }>('SELECT COUNT(*) AS n FROM transactions WHERE service = ? AND created_at >= ?');
  return {
    lastHour: count.get('tipOff', new Date(now - 3_600_000).toISOString())?.n ?? 0,
    lastDay: count.get('tipOff', new Date(now - 86_400_000).toISOString())?.n ?? 0,
  };
}

export function overRateLimit(deps: TipOffDeps): boolean {
  const recent = recentTipOffs(deps.kit);
  return recent.lastHour >= deps.settings.rateLimit.perHour || recent.lastDay >= deps.settings.rateLimit.perDay;
}

export interface Report {
  category: TipOffCategory;
  place?: string;
  text: string;
  /** Only when the resident chose to give it and proved it. */
  reporterIdNumber?: string;
}

export type SendOutcome =
  | { ok: true; transactionId: string; trackingNo: string; receivedAt: string }
  | { ok: false; reason: 'rateLimited' | 'notSent' | 'backendUnavailable' | 'journalUnavailable'; message: string; transactionId?: string };

/**
 * Sends the tip-off. The journal transaction is opened first (it is what the rate limit counts and
 * what the idempotency key is made of): a retry after a lost answer is the same tip-off.
 */
export const sendTipOff = fromPromise<SendOutcome, { deps: TipOffDeps; report: Report }>(async ({ input }) => {
  const { kit, settings } = input.deps;
  if (overRateLimit(input.deps)) return { ok: false, reason: 'rateLimited', message: 'the kiosk rate limit is reached' };
  const begun = kit.journal.begin({ service: 'tipOff', amountFen: 0 });
  if (!begun.ok) return { ok: false, reason: 'journalUnavailable', message: `journal: ${begun.error.code}` };
  const transactionId = begun.value.id;
  const { report } = input;
  const sent = await withGatewayRetries(
    () =>
      kit.gateway.submitTipOff({
        idempotencyKey: `${transactionId}/tip-off`,
        category: report.category,
        ...(report.place ? { place: report.place } : {}),
        text: report.text,
        ...(report.reporterIdNumber ? { reporterIdNumber: report.reporterIdNumber } : {}),
        kioskId: settings.kioskId,
        kioskReference: transactionId,
      }),
    3,
  );
  if (!sent.ok) {
    const reason = isNetwork(sent.error) ? 'backendUnavailable' : 'notSent';
    return { ok: false, reason, message: `submitTipOff: ${sent.error.kind} ${sent.error.code ?? ''}`.trim(), transactionId };
  }
  const slip: TipOffSlipData = { trackingNo: sent.value.trackingNo, receivedAt: sent.value.receivedAt, postName: kit.post.name, timeZone: kit.post.timeZone };
  const saved = kit.journal.saveReceipt(transactionId, SAVED_SLIP, { ...slip });
  if (!saved.ok) logEvent(kit, 'tip-off-slip-not-saved', { tx: transactionId, code: saved.error.code });
  return { ok: true, transactionId, trackingNo: sent.value.trackingNo, receivedAt: sent.value.receivedAt };
});

export type SlipOutcome = { ok: true } | { ok: false; cause: string };

/** The slip on the receipt printer, once per transaction (the job id). */
export const printSlip = fromPromise<SlipOutcome, { deps: TipOffDeps; transactionId: string; slip: TipOffSlipData }>(async ({ input: { deps, transactionId, slip } }) => {
  const printer = deps.kit.devices.receiptPrinter();
  if (!printer) return { ok: false, cause: 'no receipt printer configured' };
  const printed = await printer.print(tipOffSlip(slip), { timeoutMs: deps.kit.post.receiptPrintTimeoutMs, jobId: `${transactionId}/slip` });
  if (!printed.ok) return { ok: false, cause: printed.error.error ?? printed.error.code };
  journalStep(deps.kit, transactionId, { kind: 'receiptPrinted', data: { document: SAVED_SLIP } });
  return { ok: true };
});
