/**
 * The staff methods of the contract. Each one (except signing in) first finds the staff session
 * owned by the calling connection and checks the role: none → `staffSessionRequired`, wrong role →
 * `forbidden` (typed RPC errors). Every action — not the read-only views — is audited with who,
 * what, when and the outcome, refusals included.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { staffMethods, type StaffMethodName, type StaffRefusal, type StaffRole } from '../../contract/staff';
import { StaffAccessError, type CallContext, type Handlers } from '../api/dispatcher';
import { redactIdNumbers } from '../journal/personalData';
import { reprintKind } from '../documents/reprints';
import type { StaffConsoleContext } from './console';
import { heldFen } from './money';
import { PRINT_BYTES } from './printing';
import { reconcile } from './reconciliation';
import { reconciliationCsv } from './reconciliation-csv';
import type { StaffSession } from './staff-sessions';
import { TEST_PRINTS } from './test-prints';

export type StaffHandlers = Pick<Handlers, StaffMethodName>;
type Params<M extends StaffMethodName> = z.output<(typeof staffMethods)[M]['params']>;
type Result<M extends StaffMethodName> = ReturnType<Handlers[M]>;

/** Handlers for a core without a staff console: every staff call is refused as having no staff session. */
export function refusingStaffHandlers(): StaffHandlers {
  const refuse = () => {
    throw new StaffAccessError('staffSessionRequired', 'this kiosk has no staff console');
  };
  return Object.fromEntries(Object.keys(staffMethods).map((name) => [name, refuse])) as unknown as StaffHandlers;
}

/** Which role may call each method; `any` = any signed-in staff member. Sign-in methods need no session. */
const ROLES: Record<
  Exclude<
    StaffMethodName,
    | 'staff.signIn.begin'
    | 'staff.signIn.pin'
    | 'staff.signIn.typed'
    | 'staff.signIn.cancel'
    | 'staff.signOut'
    | 'staff.session'
  >,
  StaffRole | 'any'
> = {
  'staff.touch': 'any',
  'staff.board': 'any',
  'staff.devices': 'technician',
  'staff.device.refill': 'technician',
  'staff.device.testPrint': 'technician',
  'staff.device.reopen': 'technician',
  'staff.tickets': 'officer',
  'staff.ticket.acknowledge': 'officer',
  'staff.ticket.resolve': 'officer',
  'staff.ticket.close': 'officer',
  'staff.refund': 'officer',
  'staff.reprints': 'officer',
  'staff.reprint': 'officer',
  'staff.reconcile': 'officer',
  'staff.reconcile.export': 'officer',
};
/** Reads that are not audited (the screen polls them). */
const READS = new Set<StaffMethodName>([
  'staff.touch',
  'staff.board',
  'staff.devices',
  'staff.tickets',
  'staff.reprints',
]);

const refusal = (reason: StaffRefusal['reason'], message: string) => ({
  ok: false as const,
  reason,
  message: message.slice(0, 300),
});

export function createStaffHandlers(ctx: StaffConsoleContext): StaffHandlers {
  const { journal, sessions, signIn, audit, tickets, consumables, deviceViews, config } = ctx;

  /** Wraps a session-bound method: session and role check, touch, audit, board refresh after actions. */
  function guarded<M extends keyof typeof ROLES>(
    method: M,
    run: (params: Params<M>, session: StaffSession, call: CallContext) => Result<M>,
    target?: (params: Params<M>) => string,
  ): Handlers[M] {
    const handler = async (params: Params<M>, call: CallContext) => {
      const session = sessions.ownedBy(call.connectionId);
      const record = (outcome: string, who?: StaffSession, detail?: string) =>
        audit.record({
          staffId: who?.staffId ?? null,
          role: who?.role ?? null,
          action: method.slice('staff.'.length),
          outcome,
          ...(target ? { target: target(params) } : {}),
          ...(detail ? { detail } : {}),
        });
      if (!session) {
        record('staffSessionRequired');
        throw new StaffAccessError('staffSessionRequired', `${method} needs a staff session on this screen`);
      }
      const role = ROLES[method];
      if (role !== 'any' && session.role !== role) {
        record('forbidden', session);
        throw new StaffAccessError(
          'forbidden',
          `${method} is for the ${role} role; ${session.staffId} is ${session.role}`,
        );
      }
      sessions.touch(session);
      try {
        const result = await run(params, session, call);
        if (!READS.has(method)) {
          const value = result as { ok?: boolean; reason?: string; message?: string };
          record(
            value.ok === false ? (value.reason ?? 'refused') : 'ok',
            session,
            value.ok === false ? value.message : undefined,
          );
          ctx.refreshBoard();
        }
        return result;
      } catch (error) {
        record('error', session, (error as Error).message);
        throw error;
      }
    };
    return handler as unknown as Handlers[M];
  }

  const startSession = (member: { staffId: string; alias: string; role: StaffRole }, owner: string | undefined) => {
    const session = sessions.start(member, owner);
    ctx.refreshBoard();
    return { ok: true as const, session: sessions.info(session) };
  };

  return {
    'staff.signIn.begin': (_params, { connectionId }) => {
      const refuse = (reason: 'residentSessionActive' | 'consoleInUse', message: string) => {
        audit.record({ staffId: null, role: null, action: 'signIn.begin', outcome: reason });
        return { ok: false as const, reason, message };
      };
      if (ctx.residentSessionActive())
        return refuse(
          'residentSessionActive',
          'a resident is using the kiosk; staff sign-in waits until their session ends',
        );
      const active = sessions.active;
      if (active && active.owner !== connectionId)
        return refuse('consoleInUse', 'another screen has the staff console open');
      return signIn.begin(connectionId);
    },
    'staff.signIn.pin': async ({ attemptId, pin }, { connectionId }) => {
      if (ctx.residentSessionActive())
        return { ok: false, reason: 'residentSessionActive', message: 'a resident is using the kiosk' };
      const result = await signIn.pin(attemptId, connectionId, pin);
      return result.ok ? startSession(result.member, connectionId) : result;
    },
    'staff.signIn.typed': async ({ attemptId, staffId, pin }, { connectionId }) => {
      if (ctx.residentSessionActive())
        return { ok: false, reason: 'residentSessionActive', message: 'a resident is using the kiosk' };
      const result = await signIn.typed(attemptId, connectionId, staffId, pin);
      return result.ok ? startSession(result.member, connectionId) : result;
    },
    'staff.signIn.cancel': ({ attemptId }, { connectionId }) => ({ cancelled: signIn.cancel(attemptId, connectionId) }),
    'staff.signOut': (_params, { connectionId }) => {
      const session = sessions.ownedBy(connectionId);
      if (!session) return { ended: false };
      return { ended: sessions.end('signedOut') };
    },
    'staff.session': (_params, { connectionId }) => {
      const session = sessions.ownedBy(connectionId);
      return { session: session ? sessions.info(session) : null };
    },
    'staff.touch': guarded('staff.touch', (_params, session) => ({ expiresAt: sessions.info(session).expiresAt })),
    'staff.board': guarded('staff.board', () => ctx.board()),
    'staff.devices': guarded('staff.devices', () => ({ devices: deviceViews.views() })),
    'staff.device.refill': guarded(
      'staff.device.refill',
      ({ deviceId, supply }, session) => consumables.refill(deviceId, supply, session.staffId),
      (p) => `${p.deviceId}/${p.supply}`,
    ),
    'staff.device.testPrint': guarded(
      'staff.device.testPrint',
      async ({ deviceId }) => {
        const device = deviceViews.driverOf(deviceId);
        if (!device) return refusal('noSuchDevice', `no device ${deviceId}`);
        const print = TEST_PRINTS[device.kind];
        if (!print) return refusal('notAPrinter', `${deviceId} (${device.kind}) does not print`);
        return print(device.driver, {
          kioskId: config.kiosk.id,
          postName: config.kiosk.postName,
          deviceId,
          at: ctx.now(),
          timeZone: config.kiosk.timeZone,
        });
      },
      (p) => p.deviceId,
    ),
    'staff.device.reopen': guarded(
      'staff.device.reopen',
      async ({ deviceId }) => {
        const device = deviceViews.driverOf(deviceId);
        if (!device || !(await ctx.devices.reopen(deviceId))) return refusal('noSuchDevice', `no device ${deviceId}`);
        return { ok: true as const, state: device.driver.status().device };
      },
      (p) => p.deviceId,
    ),
    'staff.tickets': guarded('staff.tickets', ({ includeClosed }) => ({ tickets: tickets.list({ includeClosed }) })),
    'staff.ticket.acknowledge': guarded(
      'staff.ticket.acknowledge',
      ({ ticketId }, session) => tickets.acknowledge(ticketId, session.staffId),
      (p) => ticketTarget(p.ticketId),
    ),
    'staff.ticket.resolve': guarded(
      'staff.ticket.resolve',
      ({ ticketId, action, note }, session) =>
        tickets.resolve(ticketId, session.staffId, action, redactIdNumbers(note)),
      (p) => ticketTarget(p.ticketId),
    ),
    'staff.ticket.close': guarded(
      'staff.ticket.close',
      ({ ticketId }, session) => tickets.close(ticketId, session.staffId),
      (p) => ticketTarget(p.ticketId),
    ),
    'staff.refund': guarded(
      'staff.refund',
      async ({ transactionId }, session) => {
        const tx = journal.find(transactionId);
        if (!tx) return refusal('noSuchTransaction', `no transaction ${transactionId}`);
        if (heldFen(tx) <= 0)
          return refusal('nothingToRefund', `${transactionId} holds no money (nothing paid, or already refunded)`);
        const refunded = await ctx.payments.refund(transactionId, `staff refund by ${session.staffId}`);
        if (!refunded.ok) return refusal('refundFailed', refunded.error.message);
        return { ok: true as const, refundedFen: refunded.value.refunded.reduce((sum, r) => sum + r.amountFen, 0) };
      },
      (p) => p.transactionId,
    ),
    'staff.reprints': guarded('staff.reprints', () => ({ items: ctx.reprintable() })),
    'staff.reprint': guarded(
      'staff.reprint',
      async ({ transactionId }, session) => {
        const tx = journal.find(transactionId);
        if (!tx) return refusal('noSuchTransaction', `no transaction ${transactionId}`);
        const saved = journal.receipts(transactionId).find((r) => reprintKind(r.kind));
        if (!saved) return refusal('noSavedReceipt', `${transactionId} has no saved receipt to reprint`);
        const kind = reprintKind(saved.kind)!;
        const printer = ctx.devices.list().find((d) => d.spec.kind === kind.device);
        const send = PRINT_BYTES[kind.device];
        if (!printer || !send) return refusal('printerNotReady', `no ${kind.device} at this kiosk`);
        const reprintNo = tx.steps.filter((s) => s.kind === 'receiptReprinted').length + 1;
        const built = kind.build(saved.payload, { at: ctx.now().toISOString(), no: reprintNo });
        if (!built.ok) return refusal('printFailed', built.message);
        const printed = await send(printer.driver, built.bytes, `${transactionId}/reprint-${reprintNo}`);
        if (!printed.ok) return refusal(printed.notReady ? 'printerNotReady' : 'printFailed', printed.message);
        journal.recordStep(transactionId, {
          kind: 'receiptReprinted',
          idempotencyKey: `reprint-${reprintNo}`,
          data: { document: kind.kind, no: reprintNo, by: session.staffId },
        });
        return { ok: true as const, kind: kind.kind, reprintNo };
      },
      (p) => p.transactionId,
    ),
    'staff.reconcile': guarded(
      'staff.reconcile',
      async ({ date }) => runReconcile(date),
      (p) => p.date,
    ),
    'staff.reconcile.export': guarded(
      'staff.reconcile.export',
      async ({ date }) => {
        const result = await runReconcile(date);
        if (!result.ok) return result;
        const csv = reconciliationCsv(result.report);
        const fileName = `reconciliation-${config.kiosk.id}-${date}.csv`;
        const folder = join(resolve(config.dataDir), 'exports');
        mkdirSync(folder, { recursive: true });
        const savedTo = join(folder, fileName);
        writeFileSync(savedTo, csv, { mode: 0o600 });
        return { ok: true as const, fileName, csv, savedTo };
      },
      (p) => p.date,
    ),
  };

  function ticketTarget(ticketId: number): string {
    return tickets.get(ticketId)?.number ?? `#${ticketId}`;
  }

  function runReconcile(date: string) {
    return reconcile({
      journal,
      gateway: ctx.gateway,
      date,
      kioskId: config.kiosk.id,
      timeZone: config.kiosk.timeZone,
      now: ctx.now(),
      settleMs: config.staff.moneySettleMinutes * 60_000,
    });
  }
}
