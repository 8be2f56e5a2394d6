/**
 * What the resident sees of the traffic machine: the public state (the contract's names), the
 * step it belongs to (identity and face appear at the look-up or before handling), and its masked
 * view, from the machine's snapshot and the snapshots of the kit steps it is in.
 */
import type { AnyActorRef, AnyMachineSnapshot } from 'xstate';
import type { TrafficEndingView, TrafficViews } from '../../contract/flows/traffic';
import type { Presented } from '../kit/runner';
import { paymentPhase } from '../kit/steps/payment';
import { amountDue, decisionViews, holderSummary, recordViews, unpaidMoney, type TrafficContext } from './context';
import { isCritical } from './machine-actions';
import { recordView } from './rules';

const child = (snapshot: AnyMachineSnapshot, id: string): AnyMachineSnapshot | undefined =>
  ((snapshot.children as Record<string, AnyActorRef | undefined>)[id]?.getSnapshot() as AnyMachineSnapshot | undefined) ?? undefined;

/** Once decisions exist, every view carries the money: the screens must say they stand. */
const withMoney = <T extends object>(context: TrafficContext, view: T): T & { money?: TrafficContext['money'] } =>
  context.money ? { ...view, money: context.money } : context.issued.length > 0 ? { ...view, money: unpaidMoney(context) } : view;

export function presentTraffic(snapshot: AnyMachineSnapshot): Presented {
  const context = snapshot.context as TrafficContext;
  const { settings } = context.deps;
  const step = context.purpose === 'holder' ? 'holder' : 'lookup';
  if (snapshot.matches('notice')) {
    const view: TrafficViews['notice'] = {
      routes: settings.routes,
      vehicleCheck: settings.vehicleCheck,
      limits: { maxFineFen: settings.rules.maxFineYuan * 100, maxPoints: settings.rules.maxPointsPerRecord, localPlatePrefixes: settings.rules.localPlatePrefixes, criticalPoints: settings.rules.criticalPoints },
    };
    return { state: 'notice', view };
  }
  if (snapshot.matches('vehicleEntry')) {
    const problem = context.entryProblem === 'notFound' || context.entryProblem === 'badPlate' || context.entryProblem === 'badCheck' ? { problem: context.entryProblem } : {};
    const entered = context.query?.kind === 'vehicle' ? { entered: { plateNumber: context.query.plateNumber, plateType: context.query.plateType } } : {};
    const view: TrafficViews['vehicleEntry'] = { vehicleCheck: settings.vehicleCheck, attempts: context.lookupAttempts, maxAttempts: settings.maxLookupAttempts, ...problem, ...entered };
    return { state: 'vehicleEntry', view };
  }
  if (snapshot.matches('licenceEntry')) {
    const problem = context.entryProblem === 'notFound' || context.entryProblem === 'badLicenceNumber' || context.entryProblem === 'badFileNumber' ? { problem: context.entryProblem } : {};
    return { state: 'licenceEntry', view: { attempts: context.lookupAttempts, maxAttempts: settings.maxLookupAttempts, ...problem } satisfies TrafficViews['licenceEntry'] };
  }
  if (snapshot.matches('searching')) return { state: 'searching', view: { what: context.searching ?? 'vehicle' } satisfies TrafficViews['searching'], step: 'lookup' };
  if (snapshot.matches({ proving: 'identity' })) {
    const stepContext = child(snapshot, 'identity')?.context as { problem?: TrafficViews['identity']['problem']; attempts: number } | undefined;
    return { state: 'identity', view: { ...(stepContext?.problem ? { problem: stepContext.problem } : {}), attempts: stepContext?.attempts ?? 0 }, step };
  }
  if (snapshot.matches({ proving: 'face' })) {
    const face = child(snapshot, 'face');
    const faceContext = face?.context as { attempt: number; lastResult?: 'noMatch' | 'badImage' } | undefined;
    const attempt = faceContext?.attempt ?? 1;
    if (face?.value === 'checking') return { state: 'faceCheck', view: { attempt, maxAttempts: settings.maxFaceAttempts } satisfies TrafficViews['faceCheck'], step };
    return { state: 'face', view: { attempt, maxAttempts: settings.maxFaceAttempts, ...(faceContext?.lastResult ? { lastResult: faceContext.lastResult } : {}) } satisfies TrafficViews['face'], step };
  }
  if (snapshot.matches({ proving: 'checking' })) return { state: 'searching', view: { what: context.searching ?? 'person' }, step };
  if (snapshot.matches('records')) return { state: 'records', view: recordsView(context, snapshot.matches({ records: 'lookingUp' })) };
  if (snapshot.matches('confirm')) return { state: 'confirm', view: confirmView(context) };
  if (snapshot.matches('handling')) {
    return { state: 'handling', view: withMoney(context, { done: context.issued.length + context.notHandled.length, total: Math.max(1, context.plan?.toHandle.length ?? 1) }) satisfies TrafficViews['handling'] };
  }
  if (snapshot.matches('handledPartly')) {
    return { state: 'handledPartly', view: withMoney(context, { decisions: decisionViews(context), notHandled: context.notHandled }) satisfies TrafficViews['handledPartly'] };
  }
  if (snapshot.matches('payment')) {
    const payment = child(snapshot, 'payment');
    const paying = payment?.context as
      | { attempt?: { order: { amountFen: number; qrPayload: string; expiresAt: string } }; money: NonNullable<TrafficContext['money']>; declined?: TrafficViews['payment']['declined'] }
      | undefined;
    const order = paying?.attempt?.order;
    const secondsLeft = order ? Math.max(0, Math.min(Math.round((Date.parse(order.expiresAt) - context.deps.kit.now().getTime()) / 1000), settings.paymentTimeoutSeconds)) : undefined;
    const view: TrafficViews['payment'] = {
      phase: paymentPhase(payment?.value),
      amountFen: order?.amountFen ?? amountDue(context),
      ...(order ? { qrPayload: order.qrPayload, expiresAt: order.expiresAt, secondsLeft: secondsLeft!, money: paying!.money } : { money: unpaidMoney(context) }),
      ...(paying?.declined ? { declined: paying.declined } : {}),
    };
    return { state: 'payment', view };
  }
  const total = context.issued.length + (context.plan?.toReprint.length ?? 0);
  return { state: 'printing', view: withMoney(context, { phase: context.printing.phase, printed: context.printed.length, total }) satisfies TrafficViews['printing'] };
}

function recordsView(context: TrafficContext, lookingUp: boolean): TrafficViews['records'] {
  const { found } = context;
  const licence = holderSummary(context);
  const vehicles = context.route === 'idCard' ? (context.holderVehicles ?? []).map((v) => ({ plateNumber: v.plateNumber, plateType: v.plateType })) : undefined;
  return {
    route: context.route ?? 'vehicle',
    ...(found?.vehicle ? { vehicle: { plateNumber: found.vehicle.plateNumber, plateType: found.vehicle.plateType, ownerNameMasked: found.vehicle.ownerNameMasked } } : {}),
    ...(licence ? { licence } : {}),
    ...(vehicles ? { vehicles } : {}),
    // What can be done here first, in the order found; then the records to be handled elsewhere.
    records: [...recordViews(context)].sort((a, b) => Number(a.action === 'none') - Number(b.action === 'none')).slice(0, 60),
    lookingUp,
    ...(context.decisionProblem ? { decisionProblem: context.decisionProblem } : {}),
    decisionAttempts: context.decisionAttempts,
  };
}

function confirmView(context: TrafficContext): TrafficViews['confirm'] {
  const plan = context.plan ?? { toHandle: [], toPay: [], toReprint: [], dropped: [], pointsAfter: 0, finesFen: 0, lateFeesFen: 0 };
  const rules = context.deps.settings.rules;
  const licence = holderSummary(context);
  const holder = context.holderLicence && licence && plan.toHandle.length > 0 ? { ...licence, pointsAfter: plan.pointsAfter, critical: isCritical(context), criticalPoints: rules.criticalPoints } : undefined;
  const view = (v: (typeof plan.toHandle)[number]) => recordView(v, rules);
  return {
    ...(holder ? { holder } : {}),
    toHandle: plan.toHandle.map(view),
    toPay: plan.toPay.map(view),
    toReprint: plan.toReprint.map(view),
    dropped: plan.dropped,
    finesFen: plan.finesFen,
    lateFeesFen: plan.lateFeesFen,
    totalFen: plan.finesFen + plan.lateFeesFen,
  };
}

export function presentTrafficEnding(snapshot: AnyMachineSnapshot): Presented {
  const context = snapshot.context as TrafficContext;
  const decisions = context.summary?.decisions ?? [];
  if (snapshot.value === 'done') {
    const view: TrafficViews['done'] = {
      transactionNo: context.summary?.transactionNo ?? '',
      decisions,
      paidFen: context.money?.status === 'charged' ? context.money.amountFen : 0,
      receiptPending: context.receiptPending,
      documentsPending: context.unprinted.length > 0,
      ...(context.ticketNo ? { ticketNo: context.ticketNo } : {}),
      ...(context.money ? { money: context.money } : {}),
    };
    return { state: 'done', view };
  }
  // An ending shows nothing personal: the money, and the decisions that stand (printed or not).
  const issued = decisions.filter((d) => d.issuedHere);
  const money = context.money ?? (issued.length > 0 ? { status: 'notCharged' as const, amountFen: issued.reduce((sum, d) => sum + d.fineFen + d.lateFeeFen, 0) } : undefined);
  const view: TrafficEndingView = {
    ...(money ? { money } : {}),
    ...(issued.length > 0 ? { decisions: issued, documentsPrinted: issued.every((d) => d.printed) } : {}),
  };
  return { state: context.at, view };
}
