/**
 * The traffic service's own work, as actors the machine invokes: look-ups at the police system,
 * handling the chosen records one by one (each decision saved in the journal as it is issued),
 * and the payment receipt. Each returns plain outcomes; the machine decides what they mean.
 */
import { fromCallback, fromPromise } from 'xstate';
import type { VehicleCheck } from '../../contract/plate';
import type { TrafficRule } from '../../contract/flows/traffic';
import type { IssuerKey } from '../documents/signing/code';
import type { A4Printer } from '../documents/print';
import type { DecisionSummary, LicenceSummary, PenaltyDecision, PersonLicence, PlateType, VehicleSummary, Violation } from '../gateway/types';
import { isNetwork, withGatewayRetries, type KitDeps } from '../kit/deps';
import type { TrafficConfig } from './config';
import { ruleOfBackendReason } from './rules';
import { paymentReceipt, type TrafficReceiptData } from './receipt';

/** The traffic service's settings: the configuration fragment plus the post and the time-outs. */
export interface TrafficSettings extends TrafficConfig {
  decisionPlace: string;
  paymentPollMs: number;
  a4TimeoutMs: number;
  timeouts: Record<'notice' | 'entry' | 'lookup' | 'identity' | 'face' | 'faceCheck' | 'records' | 'confirm' | 'handling' | 'payment' | 'exchange' | 'printing', number>;
}

export interface TrafficDeps {
  kit: KitDeps;
  settings: TrafficSettings;
  documentPrinter(): A4Printer | undefined;
  /** The issuers whose signed decisions this kiosk prints. */
  trustedKeys: readonly IssuerKey[];
}

/** What a look-up found. */
export interface Found {
  records: Violation[];
  vehicle?: VehicleSummary;
  licence?: LicenceSummary;
  /** The person's own licence (ID-card route, or the holder before handling): with the file number. */
  personLicence?: PersonLicence | null;
  vehicles?: VehicleSummary[];
}

export type LookupQuery =
  | { kind: 'vehicle'; plateNumber: string; plateType: PlateType; check: VehicleCheck; tail: string }
  | { kind: 'licence'; licenceNumber: string; fileNumber: string }
  | { kind: 'person'; idNumber: string };

export type LookupOutcome = { ok: true; found: Found } | { ok: false; reason: 'notFound' | 'backendUnavailable'; message: string };

/** One look-up (read-only, retried when the error says a retry may help). */
export const lookUp = fromPromise<LookupOutcome, { deps: TrafficDeps; query: LookupQuery }>(async ({ input: { deps, query } }) => {
  const { gateway } = deps.kit;
  const failed = (error: { kind: string; code?: string; message: string }, operation: string): LookupOutcome =>
    error.code === 'notFound' ? { ok: false, reason: 'notFound', message: `${operation}: not found` } : { ok: false, reason: 'backendUnavailable', message: `${operation}: ${error.kind} ${error.message}`.slice(0, 300) };
  switch (query.kind) {
    case 'vehicle': {
      const result = await withGatewayRetries(() => gateway.queryViolationsByVehicle({ plateNumber: query.plateNumber, plateType: query.plateType, [query.check]: query.tail }));
      return result.ok ? { ok: true, found: { records: result.value.violations, vehicle: result.value.vehicle } } : failed(result.error, 'queryViolationsByVehicle');
    }
    case 'licence': {
      const result = await withGatewayRetries(() => gateway.queryViolationsByLicence({ licenceNumber: query.licenceNumber, fileNumber: query.fileNumber }));
      return result.ok ? { ok: true, found: { records: result.value.violations, licence: result.value.licence } } : failed(result.error, 'queryViolationsByLicence');
    }
    case 'person': {
      const result = await withGatewayRetries(() => gateway.queryPersonTraffic({ idNumber: query.idNumber }));
      if (!result.ok) return failed(result.error, 'queryPersonTraffic');
      const { licence, vehicles, violations } = result.value;
      return { ok: true, found: { records: violations, personLicence: licence, vehicles, ...(licence ? { licence } : {}) } };
    }
  }
});

export type DecisionLookup = { ok: true; decision: DecisionSummary } | { ok: false; problem: 'notFound' | 'alreadyPaid' | 'backendUnavailable' };

/** A decision handled elsewhere, by its 16-digit number. */
export const lookUpDecision = fromPromise<DecisionLookup, { deps: TrafficDeps; decisionNo: string }>(async ({ input }) => {
  const result = await withGatewayRetries(() => input.deps.kit.gateway.lookupDecision({ decisionNo: input.decisionNo }));
  if (!result.ok) return { ok: false, problem: result.error.code === 'notFound' || result.error.code === 'badRequest' ? 'notFound' : 'backendUnavailable' };
  return result.value.violation.paid ? { ok: false, problem: 'alreadyPaid' } : { ok: true, decision: result.value };
});

export type HandlingEvent =
  | { type: 'handling.issued'; decision: PenaltyDecision }
  | { type: 'handling.refused'; violationNo: string; why: TrafficRule | 'backendUnavailable' }
  | { type: 'handling.finished' };

export interface HandlingInput {
  deps: TrafficDeps;
  transactionId: string;
  records: readonly Violation[];
  licenceNumber: string;
  fileNumber: string;
}

/**
 * Handles the records one at a time (an effect each, keyed by transaction and record, so a retry
 * never decides twice). Each decision is saved in the journal (masked: numbers, amounts) the moment
 * it is issued: it stands whatever happens next, and a reprint after a restart starts from it.
 */
export const handleRecords = fromCallback<HandlingEvent, HandlingInput>(({ input, sendBack }) => {
  let stopped = false;
  void (async () => {
    const { gateway, journal } = input.deps.kit;
    let unreachable = false;
    for (const record of input.records) {
      if (stopped) return;
      if (unreachable) {
        // Once the police system is gone, the rest wait for another visit (nothing half done).
        sendBack({ type: 'handling.refused', violationNo: record.violationNo, why: 'backendUnavailable' });
        continue;
      }
      const result = await withGatewayRetries(
        () =>
          gateway.handleViolation({
            idempotencyKey: `${input.transactionId}/handle/${record.violationNo}`,
            violationNo: record.violationNo,
            licenceNumber: input.licenceNumber,
            fileNumber: input.fileNumber,
            decisionPlace: input.deps.settings.decisionPlace,
          }),
        3,
      );
      if (stopped) return;
      if (result.ok) {
        journal.saveReceipt(input.transactionId, `trafficDecision:${result.value.decisionNo}`, { ...decisionPayload(result.value), issuedHere: true });
        sendBack({ type: 'handling.issued', decision: result.value });
      } else if (isNetwork(result.error)) {
        unreachable = true;
        sendBack({ type: 'handling.refused', violationNo: record.violationNo, why: 'backendUnavailable' });
      } else {
        sendBack({ type: 'handling.refused', violationNo: record.violationNo, why: ruleOfBackendReason(result.error.reason) });
      }
    }
    if (!stopped) sendBack({ type: 'handling.finished' });
  })();
  return () => {
    stopped = true;
  };
});

/** What the journal keeps of a decision: its number and amounts (masked, no name, no licence number). */
export function decisionPayload(d: { decisionNo: string; violationNo: string; plateNumber: string; behaviourText: string; points: number; fineFen: number; lateFeeFen: number; dueDate: string }) {
  return { decisionNo: d.decisionNo, violationNo: d.violationNo, plateNumber: d.plateNumber, behaviourText: d.behaviourText, points: d.points, fineFen: d.fineFen, lateFeeFen: d.lateFeeFen, dueDate: d.dueDate };
}

export type ReceiptOutcome = { ok: true } | { ok: false; cause: string };

/** The payment receipt on the thermal printer (saved in the journal first, for a reprint). */
export const printReceipt = fromPromise<ReceiptOutcome, { deps: TrafficDeps; transactionId: string; data: TrafficReceiptData }>(async ({ input: { deps, transactionId, data } }) => {
  deps.kit.journal.saveReceipt(transactionId, 'trafficReceipt', { ...data });
  const printer = deps.kit.devices.receiptPrinter();
  if (!printer) return { ok: false, cause: 'no receipt printer configured' };
  const printed = await printer.print(paymentReceipt(data), { timeoutMs: deps.kit.post.receiptPrintTimeoutMs, jobId: `${transactionId}/receipt` });
  return printed.ok ? { ok: true } : { ok: false, cause: printed.error.error ?? printed.error.code };
});
