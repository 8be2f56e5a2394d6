/**
 * The traffic machine's guards and actions (machine.ts holds the states). Guards read the context
 * and the event; actions assign to the context and write the journal (masked data only).
 */
import { assign } from 'xstate';
import type { TrafficReason, TrafficRule } from '../../contract/flows/traffic';
import { isValidIdNumber, maskIdNumber, normalizeIdNumber } from '../../contract/id-number';
import { isDecisionNumber, isFileNumber, isValidCheckTail, plateProblem, PLATE_TYPES, type KioskPlateType } from '../../contract/plate';
import type { PlateType } from '../gateway/types';
import { closeUnpaid, journalStep, logEvent } from '../kit/deps';
import type { PaymentOutput } from '../kit/steps/payment';
import { allRecords, amountDue, decisionViews, licenceFacts, recordViews, type TrafficContext } from './context';
import { planSelection } from './rules';
import { decisionPayload, type DecisionLookup, type LookupOutcome } from './work';
import type { TrafficEvent } from './machine';

type Args = { context: TrafficContext; event: TrafficEvent };
type DoneArgs = Args;

/** A typed assign for this machine's context and events (standalone actions need the types spelled out). */
export const update = (assigner: ((args: Args) => Partial<TrafficContext>) | Partial<TrafficContext>) =>
  assign<TrafficContext, TrafficEvent, undefined, TrafficEvent, never>(assigner as never);

/** The output of the invoked actor whose completion this event is (XState's done events carry it). */
const output = <T>(event: TrafficEvent): T => (event as unknown as { output: T }).output;

const settings = (context: TrafficContext) => context.deps.settings;

export const guards = {
  disabled: ({ context }: Args) => !settings(context).enabled,
  routeNotOffered: ({ context, event }: Args) => event.type === 'chooseRoute' && !settings(context).routes.includes(event.route),
  vehicleEntryValid: ({ context, event }: Args) =>
    event.type === 'vehicleEntered' &&
    (PLATE_TYPES as readonly string[]).includes(event.plateType) &&
    plateProblem(event.plateNumber, event.plateType as KioskPlateType) === null &&
    isValidCheckTail(settings(context).vehicleCheck, event.checkTail.toUpperCase()),
  licenceEntryValid: ({ context, event }: Args) =>
    event.type === 'licenceEntered' && isValidIdNumber(normalizeIdNumber(event.licenceNumber), context.deps.kit.now()) && isFileNumber(event.fileNumber),
  notFoundRetryable: ({ context, event }: DoneArgs) =>
    !output<LookupOutcome>(event).ok && (output<LookupOutcome>(event) as { reason?: string }).reason === 'notFound' && context.lookupAttempts + 1 < settings(context).maxLookupAttempts && context.route !== 'idCard',
  notFoundRetryableLicence: ({ context, event }: DoneArgs) => guards.notFoundRetryable({ context, event }) && context.route === 'licence',
  decisionNumberAcceptable: ({ context, event }: Args) =>
    event.type === 'decisionNumberEntered' && isDecisionNumber(event.decisionNo) && !allRecords(context).some((r) => r.decisionNo === event.decisionNo),
  selectionEmpty: ({ context, event }: Args) => {
    if (event.type !== 'selectRecords') return true;
    const s = selectionOf(context, event);
    return s.handle.length + s.pay.length + s.reprint.length === 0;
  },
  needsHolder: ({ context, event }: Args) => {
    if (event.type !== 'selectRecords') return false;
    const s = selectionOf(context, event);
    return s.handle.length + s.reprint.length > 0 && context.holderLicence === undefined;
  },
  holderHasNoLicence: ({ context, event }: DoneArgs) => {
    const found = output<LookupOutcome>(event);
    return found.ok && found.found.personLicence === null && (context.selection?.handle.length ?? 0) > 0;
  },
  nothingLeft: ({ context }: Args) => !context.plan || context.plan.toHandle.length + context.plan.toPay.length + context.plan.toReprint.length === 0,
  criticalNotAcknowledged: ({ context, event }: Args) => event.type === 'confirm' && isCritical(context) && !event.acknowledgeCritical,
  devicesNotReady: ({ context }: Args) => context.deps.kit.readiness?.() !== undefined,
  hasRecordsToHandle: ({ context }: Args) => (context.plan?.toHandle.length ?? 0) > 0,
  nothingDecidedOrPayable: ({ context }: Args) => context.issued.length === 0 && (context.plan?.toPay.length ?? 0) === 0 && (context.plan?.toReprint.length ?? 0) === 0,
  paid: ({ context }: Args) => context.money?.status === 'charged',
};

/** The critical notice (临界告知): the licence reaches the critical points in the cycle. */
export function isCritical(context: TrafficContext): boolean {
  const licence = context.holderLicence;
  if (!licence || !context.plan || context.plan.toHandle.length === 0) return false;
  return context.plan.pointsAfter >= settings(context).rules.criticalPoints;
}

/** Only what the records on screen allow: handle what may be handled, pay what may be paid … */
function selectionOf(context: TrafficContext, event: Extract<TrafficEvent, { type: 'selectRecords' }>) {
  const views = recordViews(context);
  const pick = (ids: string[], action: 'handle' | 'pay' | 'reprint', key: 'violationNo' | 'decisionNo') =>
    [...new Set(ids)].filter((id) => views.some((v) => v[key] === id && v.action === action));
  return { handle: pick(event.handle, 'handle', 'violationNo'), pay: pick(event.pay, 'pay', 'decisionNo'), reprint: pick(event.reprint, 'reprint', 'decisionNo') };
}

const ruleReason = (rule: TrafficRule | 'backendUnavailable' | undefined): TrafficReason =>
  rule === 'backendUnavailable' ? 'backendUnavailable' : rule === 'licenceNotValid' || rule === 'notVehicleOwner' || rule === 'wouldReach12Points' ? rule : 'handlingRefused';

export const lookupActions = {
  queryVehicle: update(({ context, event }: Args) =>
    event.type !== 'vehicleEntered'
      ? {}
      : {
          entryProblem: undefined,
          searching: 'vehicle' as const,
          query: { kind: 'vehicle' as const, plateNumber: event.plateNumber, plateType: event.plateType as PlateType, check: settings(context).vehicleCheck, tail: event.checkTail.toUpperCase() },
        },
  ),
  refuseVehicleEntry: update(({ event }: Args) =>
    event.type !== 'vehicleEntered' ? {} : { entryProblem: plateProblem(event.plateNumber, event.plateType as KioskPlateType) !== null ? ('badPlate' as const) : ('badCheck' as const) },
  ),
  queryLicence: update(({ event }: Args) =>
    event.type !== 'licenceEntered' ? {} : { entryProblem: undefined, searching: 'licence' as const, query: { kind: 'licence' as const, licenceNumber: normalizeIdNumber(event.licenceNumber), fileNumber: event.fileNumber } },
  ),
  refuseLicenceEntry: update(({ context, event }: Args) =>
    event.type !== 'licenceEntered' ? {} : { entryProblem: isValidIdNumber(normalizeIdNumber(event.licenceNumber), context.deps.kit.now()) ? ('badFileNumber' as const) : ('badLicenceNumber' as const) },
  ),
  clearLookup: update({ entryProblem: undefined, lookupAttempts: 0, query: undefined }),
  takeFound: update(({ event }: DoneArgs) => {
    const found = output<LookupOutcome>(event);
    return found.ok ? { found: found.found, entryProblem: undefined } : {};
  }),
  countNotFound: update(({ context }: Args) => ({ lookupAttempts: context.lookupAttempts + 1, entryProblem: 'notFound' as const })),
  takeHolder: update(({ event }: DoneArgs) => {
    const found = output<LookupOutcome>(event);
    return found.ok ? { holderLicence: found.found.personLicence ?? null, holderVehicles: found.found.vehicles ?? [] } : {};
  }),
};

export const recordActions = {
  countDecisionAttempt: update(({ context }: Args) => ({ decisionAttempts: context.decisionAttempts + 1, decisionProblem: undefined })),
  refuseDecisionNumber: update(({ context, event }: Args) => ({
    decisionAttempts: context.decisionAttempts + 1,
    decisionProblem: event.type === 'decisionNumberEntered' && allRecords(context).some((r) => r.decisionNo === event.decisionNo) ? ('alreadyListed' as const) : ('notFound' as const),
  })),
  takeDecision: update(({ context, event }: DoneArgs) => {
    const found = output<DecisionLookup>(event);
    return found.ok ? { byNumber: [...context.byNumber, found.decision], decisionProblem: undefined } : { decisionProblem: found.problem };
  }),
  takeSelection: update(({ context, event }: Args) => (event.type === 'selectRecords' ? { selection: selectionOf(context, event) } : {})),
  plan: update(({ context }: Args) => ({ plan: planSelection(allRecords(context), context.selection ?? { handle: [], pay: [], reprint: [] }, settings(context).rules, licenceFacts(context)) })),
  failWithDroppedRule: update(({ context }: Args) => {
    const rule = context.plan?.dropped[0]?.refusal;
    return { failure: { code: ruleReason(rule), message: `nothing the holder may handle here (${rule ?? 'none selected'})` } };
  }),
  beginTransaction: update(({ context }: Args) => {
    const plan = context.plan!;
    const begun = context.deps.kit.journal.begin({ service: 'traffic', amountFen: plan.finesFen + plan.lateFeesFen, ...(context.holder ? { idNumber: context.holder.idNumber } : {}) });
    if (!begun.ok) throw new Error(`journal: ${begun.error.message}`);
    const transactionId = begun.value.id;
    if (context.holder) {
      journalStep(context.deps.kit, transactionId, { kind: 'identityChecked', data: { source: context.holder.source, purpose: 'licenceHolder', masked: maskIdNumber(context.holder.idNumber) } });
      journalStep(context.deps.kit, transactionId, { kind: 'faceMatched', data: { purpose: 'licenceHolder' } });
    }
    for (const v of plan.toPay) {
      context.deps.kit.journal.saveReceipt(transactionId, `trafficDecision:${v.decisionNo}`, { ...decisionPayload({ ...v, decisionNo: v.decisionNo!, dueDate: v.dueDate ?? '' }), issuedHere: false });
    }
    logEvent(context.deps.kit, 'traffic-confirmed', { tx: transactionId, handle: plan.toHandle.length, pay: plan.toPay.length, reprint: plan.toReprint.length });
    return { transactionId };
  }),
  takeIssued: update(({ context, event }: Args) => (event.type === 'handling.issued' ? { issued: [...context.issued, event.decision] } : {})),
  takeNotHandled: update(({ context, event }: Args) => (event.type === 'handling.refused' ? { notHandled: [...context.notHandled, { violationNo: event.violationNo, why: event.why }] } : {})),
  handlingTimedOut: update(({ context }: Args) => {
    const reported = new Set([...context.issued.map((d) => d.violationNo), ...context.notHandled.map((n) => n.violationNo)]);
    const rest = (context.plan?.toHandle ?? []).filter((v) => !reported.has(v.violationNo)).map((v) => ({ violationNo: v.violationNo, why: 'backendUnavailable' as const }));
    return { notHandled: [...context.notHandled, ...rest] };
  }),
  failHandling: update(({ context }: Args) => {
    const why = context.notHandled.find((n) => n.why === 'backendUnavailable')?.why ?? context.notHandled[0]?.why;
    return { failure: { code: ruleReason(why), message: `no decision issued (${why ?? 'nothing handled'})` } };
  }),
  takePaymentFailure: update(({ context, event }: DoneArgs) => {
    const paid = output<PaymentOutput>(event);
    if (paid.ok) return {};
    // The state's own time-out cancelled the order: a time-out, not the resident's cancel.
    if (context.failure?.code === 'timeout') return { money: paid.money };
    return { money: paid.money, failure: { code: paid.reason, message: paid.message } };
  }),
  takePrinted: update(({ context, event }: Args) => {
    if (event.type !== 'printing.one') return {};
    if (event.ok) return { printed: [...context.printed, event.decisionNo] };
    logEvent(context.deps.kit, 'traffic-decision-not-printed', { tx: context.transactionId, decision: event.decisionNo, problem: event.problem });
    return { unprinted: [...context.unprinted, event.decisionNo] };
  }),
  printingTimedOut: update(({ context }: Args) => {
    const done = new Set([...context.printed, ...context.unprinted]);
    const rest = [...context.issued.map((d) => d.decisionNo), ...(context.plan?.toReprint ?? []).map((v) => v.decisionNo!)].filter((no) => !done.has(no));
    return { unprinted: [...context.unprinted, ...rest], receiptPending: context.money?.status === 'charged' && context.printing.phase === 'receipt' ? true : context.receiptPending };
  }),
  takeReceiptOutcome: update(({ context, event }: DoneArgs) => {
    if (output<{ ok: boolean }>(event).ok) {
      journalStep(context.deps.kit, context.transactionId, { kind: 'receiptPrinted', data: { document: 'trafficReceipt' } });
      return {};
    }
    return { receiptPending: true };
  }),
};

/** Opens the staff ticket for what could not be printed after payment; the fine stays paid. */
function ticketForPaper(context: TrafficContext): string | undefined {
  const { journal } = context.deps.kit;
  if (!context.transactionId || (context.unprinted.length === 0 && !context.receiptPending)) return undefined;
  const parts = [
    context.unprinted.length > 0 ? `decisions not printed (${context.unprinted.join(', ')}); reprint the saved decisions` : '',
    context.receiptPending ? 'payment receipt not printed; reprint the saved receipt' : '',
  ].filter(Boolean);
  const paid = context.money?.status === 'charged';
  const opened = journal.openTicket(context.transactionId, `${parts.join('; ')}; ${paid ? 'fine paid, no refund' : 'not paid'}`.slice(0, 500));
  return opened.ok ? opened.value.number : undefined;
}

export const endActions = {
  /** What the screens keep after the wipe: decisions and the transaction number (masked, non-personal). */
  summarise: update(({ context }: Args) => ({ summary: { transactionNo: context.transactionId ?? '', decisions: decisionViews(context) } })),
  endDone: update(({ context }: Args) => ({ at: 'done' as const, ending: { status: 'done' as const }, ticketNo: ticketForPaper(context) })),
  endFailed: update(({ context }: Args) => {
    const failure = context.failure ?? { code: 'internalError' as const, message: 'ended without a reason' };
    return { ending: { status: 'failed' as const, code: failure.code, message: failure.message } };
  }),
  endCancelled: update({ ending: { status: 'cancelled', code: 'cancelled', message: 'cancelled by the resident' } }),
  /** Closes the journal transaction: complete when done, failed or cancelled when nothing was paid. */
  closeTransaction: ({ context }: Args) => {
    const status = context.ending?.status ?? 'failed';
    if (status === 'done') {
      if (context.transactionId && context.deps.kit.journal.find(context.transactionId)?.status === 'open') context.deps.kit.journal.complete(context.transactionId);
    } else {
      closeUnpaid(context.deps.kit, context.transactionId, context.ending?.code ?? 'internalError');
    }
    logEvent(context.deps.kit, 'traffic-ended', { tx: context.transactionId, status, code: context.ending?.code, decisions: context.issued.length, unprinted: context.unprinted.length });
  },
  /** Drops every personal datum from the context (on every ending). */
  wipe: update({ holder: undefined, holderLicence: undefined, holderVehicles: undefined, query: undefined, found: undefined, byNumber: [], selection: undefined, plan: undefined }),
};

export { amountDue };
