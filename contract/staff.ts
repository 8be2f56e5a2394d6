/**
 * The staff part of the contract: sign-in, the four-colour board, devices and consumables, tickets,
 * reprints and reconciliation. Every method except the sign-in ones needs a staff session owned by
 * the calling connection and the right role; without one the core answers `staffSessionRequired`,
 * with the wrong role `forbidden` (contract/rpc.ts). Resident screens never hold a staff session,
 * so they cannot use any of this. Expected refusals (a wrong PIN, a ticket already resolved) are
 * values with a `reason`, as `flow.send` refusals are.
 */
import { z } from 'zod';
import { DeviceKind, DeviceState } from './device';
import { Board, FourColour } from './four-colour';
import { CalendarDay, ReconciliationReport } from './reconciliation';

export const StaffRole = z.enum(['officer', 'technician']);
export type StaffRole = z.infer<typeof StaffRole>;

/** A staff member's code (警号 or an employee code): not personal data, shown and journaled. */
export const StaffCode = z.string().regex(/^[A-Za-z0-9-]{2,16}$/, '2-16 letters, digits or dashes');
/** A PIN: digits only. */
export const Pin = z.string().regex(/^\d{4,12}$/, '4-12 digits');
export const TransactionNo = z
  .string()
  .regex(/^T[A-Za-z0-9-]{1,32}-\d{8}-\d{5}$/, 'a transaction number such as TBJ-DC-0101-20261201-00042');
const AttemptId = z.string().regex(/^[0-9a-f]{24}$/);
const DeviceId = z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,31}$/);
const TicketId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const Empty = z.object({}).strict();

export const StaffSessionInfo = z.object({
  staffSessionId: z.string().min(16).max(64),
  staffId: StaffCode,
  /** The display alias from the staff list (e.g. "值班民警 3"), not a legal name. */
  alias: z.string().max(24),
  role: StaffRole,
  startedAt: z.string(),
  /** The session ends after this many seconds without a touch. */
  idleSeconds: z.number().int().positive(),
  expiresAt: z.string(),
});
export type StaffSessionInfo = z.infer<typeof StaffSessionInfo>;

export const StaffRefusalReason = z.enum([
  // signing in
  'residentSessionActive',
  'consoleInUse',
  'noStaffConfigured',
  'noAttempt',
  'noCardYet',
  'cardNotOnList',
  'wrongPin',
  'lockedOut',
  'typedNumberNotAllowed',
  'wrongCredentials',
  // tickets
  'noSuchTicket',
  'alreadyAcknowledged',
  'alreadyResolved',
  'notResolved',
  'alreadyClosed',
  // money
  'noSuchTransaction',
  'nothingToRefund',
  'refundFailed',
  // devices and printing
  'noSuchDevice',
  'noSuchSupply',
  'notAPrinter',
  'printerNotReady',
  'printFailed',
  'noSavedReceipt',
  // reconciliation
  'statementUnavailable',
  'dateInFuture',
]);
export type StaffRefusalReason = z.infer<typeof StaffRefusalReason>;

export const StaffRefusal = z.object({
  ok: z.literal(false),
  reason: StaffRefusalReason,
  /** Technical detail for staff and logs; never personal data. */
  message: z.string().max(300),
  /** wrongPin: tries left before the lock-out. */
  attemptsLeft: z.number().int().nonnegative().optional(),
  /** lockedOut: ISO instant the lock-out ends. */
  lockedUntil: z.string().optional(),
});
export type StaffRefusal = z.infer<typeof StaffRefusal>;

/** `{ ok: true, ...fields }` or a refusal. */
const answer = <T extends z.ZodRawShape>(shape: T) =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), ...shape }), StaffRefusal]);

// ---- devices and consumables -------------------------------------------------------------------

export const SupplyId = z.enum(['receiptPaper', 'cards', 'ribbon', 'a4Paper', 'toner']);
export type SupplyId = z.infer<typeof SupplyId>;

export const ConsumableView = z.object({
  supply: SupplyId,
  unit: z.enum(['mm', 'cards', 'panels', 'sheets', 'pages']),
  capacity: z.number().nonnegative(),
  used: z.number().nonnegative(),
  remaining: z.number().nonnegative(),
  low: z.boolean(),
  /** `estimate`: counted from what was printed since the last refill; `printer`: the device reports it. */
  source: z.enum(['estimate', 'printer']),
  refilledAt: z.string().optional(),
  refilledBy: z.string().max(40).optional(),
});
export type ConsumableView = z.infer<typeof ConsumableView>;

export const DeviceConsoleView = z.object({
  id: DeviceId,
  kind: DeviceKind,
  state: DeviceState,
  healthy: z.boolean(),
  colour: FourColour,
  /** The driver's facts (paper, cover, ribbon…) as plain key/value pairs. */
  facts: z.record(z.string().max(32), z.string().max(32)),
  detail: z.string().max(200).optional(),
  since: z.string(),
  lastError: z.object({ at: z.string(), message: z.string().max(300) }).optional(),
  supplies: z.array(ConsumableView),
  canTestPrint: z.boolean(),
});
export type DeviceConsoleView = z.infer<typeof DeviceConsoleView>;

// ---- tickets -----------------------------------------------------------------------------------

export const TicketKind = z.enum(['cardNotPrinted', 'receiptPending', 'refundNeedsStaff', 'moneyUnknown', 'helpCallUnanswered', 'other']);
export type TicketKind = z.infer<typeof TicketKind>;
export const TicketState = z.enum(['open', 'acknowledged', 'resolved', 'closed']);
export type TicketState = z.infer<typeof TicketState>;
/** What the resident was told on screen and on paper (the same words as the resident screens). */
/** `dutyPhone`: a help call nobody answered; the screen gave the duty phone and 110. */
export const ResidentTold = z.enum(['refunded', 'refundByStaff', 'unknownByStaff', 'receiptByStaff', 'dutyPhone', 'notTold']);
export type ResidentTold = z.infer<typeof ResidentTold>;
export const ResolutionAction = z.enum(['refundMade', 'cardHandedOver', 'receiptReprinted', 'noMoneyTaken', 'other']);
export type ResolutionAction = z.infer<typeof ResolutionAction>;

const StaffMark = z.object({ at: z.string(), by: z.string().max(40) });

export const TicketView = z.object({
  id: TicketId,
  number: z.string(),
  transactionId: z.string(),
  service: z.string(),
  kind: TicketKind,
  state: TicketState,
  colour: FourColour,
  /** The technical reason the flow recorded (no personal data). */
  reason: z.string().max(500),
  told: ResidentTold,
  amountFen: z.number().int().nonnegative(),
  /** Money the journal says is still held (paid, not refunded). */
  heldFen: z.number().int().nonnegative(),
  createdAt: z.string(),
  ageMinutes: z.number().int().nonnegative(),
  acknowledged: StaffMark.optional(),
  resolved: StaffMark.extend({ action: ResolutionAction, note: z.string().max(200) }).optional(),
  closed: StaffMark.optional(),
});
export type TicketView = z.infer<typeof TicketView>;

// ---- reprints ----------------------------------------------------------------------------------

export const ReprintableItem = z.object({
  transactionId: z.string(),
  kind: z.string().max(64),
  service: z.string(),
  createdAt: z.string(),
});
export type ReprintableItem = z.infer<typeof ReprintableItem>;

// ---- methods and events ------------------------------------------------------------------------

export const staffMethods = {
  /** Opens a sign-in at this screen: the next ID card on the reader is matched against the staff list. */
  'staff.signIn.begin': {
    params: Empty,
    result: answer({ attemptId: AttemptId, allowTypedNumber: z.boolean(), expiresAt: z.string() }),
  },
  /** The PIN for the card that was read. */
  'staff.signIn.pin': {
    params: z.object({ attemptId: AttemptId, pin: Pin }).strict(),
    result: answer({ session: StaffSessionInfo }),
  },
  /** The staff code typed instead of a card, with the PIN (only where `staff.allowTypedNumber`). */
  'staff.signIn.typed': {
    params: z.object({ attemptId: AttemptId, staffId: StaffCode, pin: Pin }).strict(),
    result: answer({ session: StaffSessionInfo }),
  },
  'staff.signIn.cancel': {
    params: z.object({ attemptId: AttemptId }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },
  /** Ends this screen's staff session (safe to repeat). */
  'staff.signOut': { params: Empty, result: z.object({ ended: z.boolean() }) },
  /** This screen's staff session, if any. */
  'staff.session': { params: Empty, result: z.object({ session: StaffSessionInfo.nullable() }) },
  /** A touch on the console: the idle time starts again. */
  'staff.touch': { params: Empty, result: z.object({ expiresAt: z.string() }) },
  /** Any role. */
  'staff.board': { params: Empty, result: Board },
  /** Technician. */
  'staff.devices': { params: Empty, result: z.object({ devices: z.array(DeviceConsoleView) }) },
  'staff.device.refill': {
    params: z.object({ deviceId: DeviceId, supply: SupplyId }).strict(),
    result: answer({ supply: ConsumableView }),
  },
  'staff.device.testPrint': {
    params: z.object({ deviceId: DeviceId }).strict(),
    result: answer({ jobId: z.string() }),
  },
  'staff.device.reopen': { params: z.object({ deviceId: DeviceId }).strict(), result: answer({ state: DeviceState }) },
  /** Officer. */
  'staff.tickets': {
    params: z.object({ includeClosed: z.boolean().default(false) }).strict(),
    result: z.object({ tickets: z.array(TicketView) }),
  },
  'staff.ticket.acknowledge': {
    params: z.object({ ticketId: TicketId }).strict(),
    result: answer({ ticket: TicketView }),
  },
  'staff.ticket.resolve': {
    params: z
      .object({ ticketId: TicketId, action: ResolutionAction, note: z.string().trim().min(1).max(200) })
      .strict(),
    result: answer({ ticket: TicketView }),
  },
  /** Verified and closed. */
  'staff.ticket.close': { params: z.object({ ticketId: TicketId }).strict(), result: answer({ ticket: TicketView }) },
  /** Refunds what the transaction still holds, through the payment provider. */
  'staff.refund': {
    params: z.object({ transactionId: TransactionNo }).strict(),
    result: answer({ refundedFen: z.number().int().nonnegative() }),
  },
  'staff.reprints': { params: Empty, result: z.object({ items: z.array(ReprintableItem) }) },
  /** Reprints the saved receipt of a transaction, marked 补打. */
  'staff.reprint': {
    params: z.object({ transactionId: TransactionNo }).strict(),
    result: answer({ kind: z.string(), reprintNo: z.number().int().positive() }),
  },
  'staff.reconcile': {
    params: z.object({ date: CalendarDay }).strict(),
    result: answer({ report: ReconciliationReport }),
  },
  /** The same report as CSV, also saved in the kiosk's data directory. */
  'staff.reconcile.export': {
    params: z.object({ date: CalendarDay }).strict(),
    result: answer({ fileName: z.string(), csv: z.string().max(900_000), savedTo: z.string() }),
  },
} as const;

export type StaffMethodName = keyof typeof staffMethods;
export const isStaffMethodName = (name: string): name is StaffMethodName => Object.hasOwn(staffMethods, name);

export const StaffSessionEndReason = z.enum(['signedOut', 'idle', 'residentScreen', 'disconnected', 'coreRestart']);
export type StaffSessionEndReason = z.infer<typeof StaffSessionEndReason>;

export const SignInStage = z.enum(['waitingForCard', 'cardRead', 'cardNotOnList', 'cardUnreadable']);
export type SignInStage = z.infer<typeof SignInStage>;

/** Events for the staff screen only (sent to the connection that owns the sign-in or session). */
export const staffEvents = {
  'staff.board': Board,
  'staff.session.ended': z.object({ staffSessionId: z.string(), reason: StaffSessionEndReason }),
  'staff.signIn.progress': z.object({ attemptId: z.string(), stage: SignInStage }),
} as const;
