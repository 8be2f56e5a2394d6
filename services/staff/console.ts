/**
 * The staff console in the core: sign-in, the staff session, the four-colour board and everything
 * staff do (services/staff/handlers.ts). The kiosk core plugs it in with `attach`, giving it what
 * only the core knows (whether a resident session is open, service availability, voice health, the
 * event feed); the board is pushed to the staff screen whenever it changes.
 */
import type { ServiceAvailability, VoiceHealth } from '../../contract/api';
import type { Board } from '../../contract/four-colour';
import type { ReprintableItem, StaffSessionEndReason } from '../../contract/staff';
import type { DeviceManager } from '../../devices/manager';
import type { KioskConfig } from '../config/schema';
import type { CoreEventListener } from '../core/kiosk-core';
import type { PoliceGateway } from '../gateway/types';
import type { Journal } from '../journal/journal';
import type { Logger } from '../log/logger';
import type { PaymentService } from '../payments/paymentService';
import { createAudit, type Audit } from './audit';
import { fourColourBoard } from './board';
import { createConsumables, type Consumables } from './consumables';
import { DeviceViews } from './device-views';
import { createStaffHandlers, type StaffHandlers } from './handlers';
import { createLockouts } from './lockouts';
import { moneyIssues } from './money';
import { StaffSignIn } from './sign-in';
import { StaffSessions } from './staff-sessions';
import { isMoneyTicket } from './ticket-kinds';
import { createTicketBook, type TicketBook } from './tickets';

export interface StaffConsoleDeps {
  config: KioskConfig;
  journal: Journal;
  devices: DeviceManager;
  gateway: Pick<PoliceGateway, 'getProviderStatement'>;
  payments: Pick<PaymentService, 'refund'>;
  log: Logger;
  now?: () => Date;
  /** How often the board is recomputed while staff are signed in (ticket ages move on). */
  boardRefreshMs?: number;
}

/** What only the kiosk core knows. */
export interface StaffConsoleHooks {
  residentSessionActive(): boolean;
  services(): ServiceAvailability[];
  voice(): VoiceHealth;
  emit: CoreEventListener;
}

/** Everything the handlers use. */
export interface StaffConsoleContext {
  readonly config: KioskConfig;
  readonly journal: Journal;
  readonly devices: DeviceManager;
  readonly gateway: Pick<PoliceGateway, 'getProviderStatement'>;
  readonly payments: Pick<PaymentService, 'refund'>;
  readonly sessions: StaffSessions;
  readonly signIn: StaffSignIn;
  readonly audit: Audit;
  readonly tickets: TicketBook;
  readonly consumables: Consumables;
  readonly deviceViews: DeviceViews;
  now(): Date;
  residentSessionActive(): boolean;
  board(): Board;
  refreshBoard(): void;
  staffName(staffId: string): string;
  reprintable(): ReprintableItem[];
}

export interface StaffConsole {
  /** Connects the console to the core; returns the staff methods' handlers. */
  attach(hooks: StaffConsoleHooks): StaffHandlers;
  /**
   * A resident screen is about to start a session on `connectionId`. Its own staff session and any
   * pending sign-in end (a resident screen returned); false while another screen's staff session is open.
   */
  residentArriving(connectionId: string | undefined): boolean;
  /** The screen went away: its staff session and sign-in end. */
  disconnect(connectionId: string): void;
  board(): Board;
  refreshBoard(): void;
  /** What fleet telemetry publishes beside the board (services/fleet): the ticket book, device views, counted consumables. */
  readonly tickets: TicketBook;
  readonly deviceViews: DeviceViews;
  readonly consumables: Consumables;
  start(): void;
  /** Ends any staff session (core stopping). */
  stop(): void;
}

export function createStaffConsole(deps: StaffConsoleDeps): StaffConsole {
  const { config, journal, devices, log } = deps;
  const staffConfig = config.staff;
  const now = deps.now ?? (() => new Date());
  const db = journal.database;
  const members = new Map(staffConfig.members.map((m) => [m.staffId, m]));
  const staffName = (staffId: string) => {
    const member = members.get(staffId);
    return member ? `${member.alias} (${staffId})` : staffId;
  };
  let hooks: StaffConsoleHooks | undefined;
  let lastBoard = '';
  let refreshTimer: NodeJS.Timeout | undefined;

  const audit = createAudit(db, now);
  const lockouts = createLockouts(db, {
    maxAttempts: staffConfig.maxPinAttempts,
    lockoutMs: staffConfig.lockoutMinutes * 60_000,
    now,
  });
  const tickets = createTicketBook(journal, {
    deadlines: {
      orangeAfterMs: staffConfig.tickets.orangeAfterMinutes * 60_000,
      redAfterMs: staffConfig.tickets.redAfterMinutes * 60_000,
    },
    now,
    staffName,
  });
  const consumables = createConsumables({ db, devices, config: staffConfig.consumables, now, staffName });
  const deviceViews = new DeviceViews(devices, consumables);

  const sessions = new StaffSessions(
    staffConfig.sessionIdleSeconds * 1000,
    (session, reason: StaffSessionEndReason) => {
      clearInterval(refreshTimer);
      refreshTimer = undefined;
      lastBoard = '';
      audit.record({ staffId: session.staffId, role: session.role, action: 'signOut', outcome: 'ok', detail: reason });
      log.info('staff-session-ended', { staffId: session.staffId, reason });
      hooks?.emit('staff.session.ended', { staffSessionId: session.staffSessionId, reason }, session.owner);
    },
    now,
  );
  const signIn = new StaffSignIn({
    staff: staffConfig,
    lockouts,
    audit,
    idReader: () => devices.idReader(),
    progress: (attemptId, stage, owner) => hooks?.emit('staff.signIn.progress', { attemptId, stage }, owner),
    now,
  });

  const board = (): Board => {
    const open = tickets.list();
    return fourColourBoard({
      kioskId: config.kiosk.id,
      now: now(),
      devices: devices.health(),
      consumablesLow: consumables.low(),
      services: hooks?.services() ?? [],
      tickets: open,
      money: moneyIssues({
        journal,
        now: now(),
        settleMs: staffConfig.moneySettleMinutes * 60_000,
        openMoneyTickets: open.flatMap((t) =>
          isMoneyTicket(t.kind)
            ? [{ transactionId: t.transactionId, kind: t.kind as 'refundNeedsStaff' | 'moneyUnknown' }]
            : [],
        ),
      }),
      ...(hooks ? { voice: hooks.voice() } : {}),
    });
  };

  /** Pushes the board to the staff screen when it changed (only while someone is signed in). */
  const refreshBoard = () => {
    const session = sessions.active;
    if (!session || !hooks) return;
    try {
      const next = board();
      const { at: _at, ...comparable } = next;
      const serialised = JSON.stringify(comparable);
      if (serialised === lastBoard) return;
      lastBoard = serialised;
      hooks.emit('staff.board', next, session.owner);
    } catch (error) {
      log.error('staff-board-failed', { error: (error as Error).message });
    }
  };

  const reprintable = (): ReprintableItem[] =>
    db
      .prepare<[], { transaction_id: string; kind: string; created_at: string; service: string }>(
        `SELECT r.transaction_id, r.kind, r.created_at, t.service FROM receipts r JOIN transactions t ON t.id = r.transaction_id
         ORDER BY r.created_at DESC LIMIT 30`,
      )
      .all()
      .map((row) => ({
        transactionId: row.transaction_id,
        kind: row.kind,
        service: row.service,
        createdAt: row.created_at,
      }));

  const context: StaffConsoleContext = {
    config,
    journal,
    devices,
    gateway: deps.gateway,
    payments: deps.payments,
    sessions,
    signIn,
    audit,
    tickets,
    consumables,
    deviceViews,
    now,
    residentSessionActive: () => hooks?.residentSessionActive() ?? false,
    board,
    refreshBoard,
    staffName,
    reprintable,
  };
  const offs: (() => void)[] = [];

  return {
    attach(next) {
      hooks = next;
      return createStaffHandlers({
        ...context,
        refreshBoard: () => {
          refreshBoard();
          // Ages move on while staff watch the board: recompute now and then.
          if (sessions.active && !refreshTimer) {
            refreshTimer = setInterval(refreshBoard, deps.boardRefreshMs ?? 15_000);
            refreshTimer.unref?.();
          }
        },
      });
    },
    residentArriving(connectionId) {
      const active = sessions.active;
      if (active && active.owner !== connectionId) return false;
      // Whoever began a sign-in, the reader now belongs to the resident: no resident card is matched against the staff list.
      signIn.cancelCurrent();
      if (!active) return true;
      sessions.end('residentScreen');
      return true;
    },
    disconnect(connectionId) {
      signIn.cancelOwnedBy(connectionId);
      if (sessions.active?.owner === connectionId) sessions.end('disconnected');
    },
    board,
    refreshBoard,
    tickets,
    deviceViews,
    consumables,
    start() {
      consumables.start();
      deviceViews.start();
      offs.push(
        devices.onChange(() => refreshBoard()),
        consumables.onChange(() => refreshBoard()),
      );
    },
    stop() {
      signIn.cancelCurrent();
      sessions.end('coreRestart');
      for (const off of offs.splice(0)) off();
      consumables.stop();
      deviceViews.stop();
      clearInterval(refreshTimer);
    },
  };
}
