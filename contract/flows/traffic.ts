/**
 * Contract of the traffic-violation flow (交通违章处理): its own states, events, views and reasons,
 * on top of the shared part (./common.ts). The core flow is services/traffic, the screens are
 * renderer/screens/traffic.
 *
 * notice (1) → look-up (2: vehicle, licence, or ID card + face) → records (3) → the licence
 * holder (4: ID card + face, unless proven at the look-up) → confirm, critical notice, decisions
 * issued (5) → payment of fines and late fees in one order (6) → decisions on A4 and a receipt
 * (7) → done (8). Decisions stand once issued: a payment that fails still ends with them printed.
 */
import { z } from 'zod';
import { BaseView, CalendarDate, commonEvents, commonViews, Empty, type MoneyView } from './common';
import { defineServiceContract } from './kit';

/** How the resident looks their records up. */
export const TrafficRoute = z.enum(['vehicle', 'licence', 'idCard']);
export type TrafficRoute = z.infer<typeof TrafficRoute>;

/** How a vehicle look-up is confirmed (configuration). */
export const VehicleCheckMode = z.enum(['vinLast6', 'vinLast4', 'engineLast6']);

/**
 * The kiosk rules (configuration, services.traffic.rules); a record the kiosk may not handle
 * names the first rule it breaks, and the screen says why and where to go instead.
 */
export const TrafficRule = z.enum([
  'alreadyHandled',
  'notCameraRecorded',
  'notLocalVehicle',
  'keyManagedVehicle',
  'plateTypeNotServed',
  'speeding50Percent',
  'expressway',
  'fineOverLimit',
  'pointsOverLimit',
  'licenceNotValid',
  'notVehicleOwner',
  'wouldReach12Points',
  'notPossibleHere',
]);
export type TrafficRule = z.infer<typeof TrafficRule>;

const Fen = z.number().int().nonnegative();
const DecisionNo = z.string().regex(/^\d{16}$/);

/** One record as the resident sees it: nothing personal about anyone else. */
export const TrafficRecordView = z.object({
  violationNo: z.string().min(1).max(32),
  plateNumber: z.string().min(1).max(12),
  plateType: z.string().regex(/^\d{2}$/),
  occurredAt: z.string(),
  place: z.string().max(120),
  behaviourCode: z.string().max(8),
  behaviourText: z.string().max(200),
  points: z.number().int().min(0).max(12),
  fineFen: Fen,
  /** As of today: 3 % of the fine a day from the 16th day after the decision, capped at the fine. */
  lateFeeFen: Fen,
  handled: z.boolean(),
  paid: z.boolean(),
  decisionNo: DecisionNo.optional(),
  /** Last day to pay without a late fee (once a decision exists). */
  dueDate: CalendarDate.optional(),
  /**
   * handle: may be handled here; pay: decided, unpaid, may be paid here; reprint: decided and paid,
   * its decision may be printed again for the licence holder (ID card and face); none: nothing here.
   */
  action: z.enum(['handle', 'pay', 'reprint', 'none']),
  /** Why it cannot be handled here (action none and not simply settled). */
  refusal: TrafficRule.optional(),
  /** Added by typing its decision number. */
  byNumber: z.boolean().optional(),
});
export type TrafficRecordView = z.infer<typeof TrafficRecordView>;

/** A penalty decision this visit is about (issued now, or found by number). */
export const TrafficDecisionView = z.object({
  decisionNo: DecisionNo,
  violationNo: z.string().max(32),
  plateNumber: z.string().max(12),
  behaviourText: z.string().max(200),
  points: z.number().int().min(0).max(12),
  fineFen: Fen,
  lateFeeFen: Fen,
  dueDate: CalendarDate,
  issuedHere: z.boolean(),
  /** Printed on A4 in this visit. */
  printed: z.boolean(),
});
export type TrafficDecisionView = z.infer<typeof TrafficDecisionView>;

const LicenceView = z.object({
  licenceNumberMasked: z.string().max(20),
  status: z.enum(['valid', 'suspended', 'revoked', 'expired']),
  pointsInCycle: z.number().int().min(0).max(99),
  cycleEnds: CalendarDate,
});

const entryProblem = z.object({ attempts: z.number().int().nonnegative(), maxAttempts: z.number().int().positive() });

export const trafficViews = {
  notice: BaseView.extend({
    routes: z.array(TrafficRoute).min(1),
    vehicleCheck: VehicleCheckMode,
    /** What can be handled here (configuration), said on the notice. */
    limits: z.object({ maxFineFen: Fen, maxPoints: z.number().int().nonnegative(), localPlatePrefixes: z.array(z.string().max(2)), criticalPoints: z.number().int().positive() }),
  }),
  vehicleEntry: BaseView.extend({
    vehicleCheck: VehicleCheckMode,
    problem: z.enum(['notFound', 'badPlate', 'badCheck']).optional(),
    /** The plate and type of the last try, shown again for correcting (the check characters are typed again). */
    entered: z.object({ plateNumber: z.string().max(12), plateType: z.string().regex(/^\d{2}$/) }).optional(),
  }).extend(entryProblem.shape),
  licenceEntry: BaseView.extend({ problem: z.enum(['notFound', 'badLicenceNumber', 'badFileNumber']).optional() }).extend(entryProblem.shape),
  identity: commonViews.identity,
  face: commonViews.face,
  faceCheck: commonViews.faceCheck,
  /** The core asks the police system: the records (look-up) or the holder's licence (before handling). */
  searching: BaseView.extend({ what: z.enum(['vehicle', 'licence', 'person', 'holder']) }),
  records: BaseView.extend({
    route: TrafficRoute,
    vehicle: z.object({ plateNumber: z.string(), plateType: z.string(), ownerNameMasked: z.string().max(20) }).optional(),
    licence: LicenceView.optional(),
    /** The ID-card route: the vehicles registered to the person. */
    vehicles: z.array(z.object({ plateNumber: z.string(), plateType: z.string() })).optional(),
    records: z.array(TrafficRecordView).max(60),
    /** Looking up a typed decision number. */
    lookingUp: z.boolean(),
    decisionProblem: z.enum(['notFound', 'alreadyPaid', 'alreadyListed', 'backendUnavailable']).optional(),
    decisionAttempts: z.number().int().nonnegative(),
  }),
  confirm: BaseView.extend({
    /** The licence that takes the points (absent when only paying decisions). */
    holder: LicenceView.extend({ pointsAfter: z.number().int().min(0).max(99), critical: z.boolean(), criticalPoints: z.number().int().positive() }).optional(),
    toHandle: z.array(TrafficRecordView),
    toPay: z.array(TrafficRecordView),
    /** Decisions printed again (the holder's own). */
    toReprint: z.array(TrafficRecordView),
    /** Selected records the holder's licence may not take here, each with its rule. */
    dropped: z.array(z.object({ violationNo: z.string(), refusal: TrafficRule })),
    finesFen: Fen,
    lateFeesFen: Fen,
    totalFen: Fen,
  }),
  handling: BaseView.extend({ done: z.number().int().nonnegative(), total: z.number().int().positive() }),
  handledPartly: BaseView.extend({
    decisions: z.array(TrafficDecisionView),
    notHandled: z.array(z.object({ violationNo: z.string(), why: z.union([TrafficRule, z.literal('backendUnavailable')]) })),
  }),
  payment: commonViews.payment,
  printing: BaseView.extend({
    /** decisions: the penalty decisions on the A4 printer; receipt: the payment receipt. */
    phase: z.enum(['decisions', 'receipt']),
    printed: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
  }),
  done: BaseView.extend({
    transactionNo: z.string(),
    decisions: z.array(TrafficDecisionView),
    paidFen: Fen,
    /** The receipt could not be printed (saved for staff). */
    receiptPending: z.boolean(),
    /** Some decisions could not be printed: saved; staff reprint them, or the resident through the same look-up. */
    documentsPending: z.boolean(),
    ticketNo: z.string().max(64).optional(),
  }),
} as const;

export const trafficContract = defineServiceContract({
  service: 'traffic',
  steps: ['notice', 'lookup', 'records', 'holder', 'confirm', 'payment', 'printing', 'done'],
  states: {
    notice: { step: 'notice', view: trafficViews.notice },
    vehicleEntry: { step: 'lookup', view: trafficViews.vehicleEntry },
    licenceEntry: { step: 'lookup', view: trafficViews.licenceEntry },
    identity: { step: ['holder', 'lookup'], view: trafficViews.identity },
    face: { step: ['holder', 'lookup'], view: trafficViews.face },
    faceCheck: { step: ['holder', 'lookup'], view: trafficViews.faceCheck },
    searching: { step: ['lookup', 'holder'], view: trafficViews.searching },
    records: { step: 'records', view: trafficViews.records },
    confirm: { step: 'confirm', view: trafficViews.confirm },
    handling: { step: 'confirm', view: trafficViews.handling },
    handledPartly: { step: 'confirm', view: trafficViews.handledPartly },
    payment: { step: 'payment', view: trafficViews.payment },
    printing: { step: 'printing', view: trafficViews.printing },
    done: { step: 'done', view: trafficViews.done },
  },
  events: {
    ...commonEvents,
    /** notice: look up by vehicle, by licence, or with the ID card. */
    chooseRoute: z.object({ route: TrafficRoute }).strict(),
    /** notice: not now → the flow ends `cancelled`. */
    decline: Empty,
    /** vehicleEntry: plate, plate type and the check characters (VIN or engine number tail). */
    vehicleEntered: z.object({ plateNumber: z.string().min(1).max(12), plateType: z.string().regex(/^\d{2}$/), checkTail: z.string().min(1).max(8) }).strict(),
    /** licenceEntry: licence number (the holder's ID number) and the 12-digit file number. */
    licenceEntered: z.object({ licenceNumber: z.string().max(32), fileNumber: z.string().max(16) }).strict(),
    /** vehicleEntry / licenceEntry: back to the notice; confirm: back to the records. */
    back: Empty,
    /** records: add a decision handled elsewhere by its 16-digit number, to pay it in the same order. */
    decisionNumberEntered: z.object({ decisionNo: z.string().max(20) }).strict(),
    /** records: the records to handle (by violation number), the decisions to pay and to print again (by number). */
    selectRecords: z.object({ handle: z.array(z.string().max(32)).max(30), pay: z.array(z.string().max(20)).max(20), reprint: z.array(z.string().max(20)).max(20) }).strict(),
    /** records: nothing to do here (no records, or none possible) → ends `cancelled` quietly. */
    finish: Empty,
    /** confirm: accept; when the critical notice shows, the resident must acknowledge it. */
    confirm: z.object({ acknowledgeCritical: z.boolean() }).strict(),
    /** handledPartly: go on to pay what was decided. */
    continue: Empty,
  },
  /**
   *  - notFound: the vehicle or licence was not found after the allowed attempts.
   *  - noLicence: the person holds no driving licence (records need one to be handled).
   *  - licenceNotValid / notVehicleOwner / wouldReach12Points: the holder's licence may not take
   *    the selected records here (the rule is named; a window handles them).
   *  - handlingRefused: the police system refused every selected record.
   *  - rareCharacter: the ID card needs a person to check it (a name the reader cannot render).
   */
  reasons: ['notFound', 'noLicence', 'licenceNotValid', 'notVehicleOwner', 'wouldReach12Points', 'handlingRefused', 'rareCharacter'],
  /** An ending explains the money and the decisions that stand (issued, printed or not). */
  ending: BaseView.extend({ decisions: z.array(TrafficDecisionView).optional(), documentsPrinted: z.boolean().optional() }),
});

export type TrafficState = z.infer<typeof trafficContract.State>;
export type TrafficReason = z.infer<typeof trafficContract.Reason>;
export type TrafficViews = { [S in TrafficState]: z.infer<(typeof trafficViews)[S]> };
export type TrafficEndingView = { decisions?: TrafficDecisionView[]; documentsPrinted?: boolean; money?: MoneyView };

/** Parses a progress `view` for its state, typed; undefined when the state or the view does not fit. */
export function parseTrafficView<S extends TrafficState>(state: S, view: unknown): TrafficViews[S] | undefined {
  return trafficContract.parseView(state, view)?.view as TrafficViews[S] | undefined;
}
