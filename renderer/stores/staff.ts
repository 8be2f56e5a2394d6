/**
 * The staff console's state: sign-in, the staff session of this screen, and what the console shows
 * (the four-colour board, devices, tickets, reprints, reconciliation). Nothing here is a resident's
 * personal data; it is all dropped when the staff session ends.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Board } from '../../contract/four-colour';
import type { ReconciliationReport } from '../../contract/reconciliation';
import { KioskApiError } from '../../contract/rpc';
import type {
  DeviceConsoleView,
  ReprintableItem,
  ResolutionAction,
  SignInStage,
  StaffRefusal,
  StaffSessionInfo,
  SupplyId,
  TicketView,
} from '../../contract/staff';
import { useApi } from '../api/current';

export type Refusal = Pick<StaffRefusal, 'reason' | 'message' | 'attemptsLeft' | 'lockedUntil'>;
/** The outcome of the last action, for the screen to say what happened. */
export type Notice =
  | { ok: true; what: string; params?: Record<string, string | number> }
  | { ok: false; reason: string; params?: Record<string, string | number> };

/** Touches are reported to the core at most this often (the core ends the session after its idle time). */
const TOUCH_EVERY_MS = 10_000;

export const useStaffStore = defineStore('staff', () => {
  const session = ref<StaffSessionInfo | null>(null);
  const signIn = ref<{ attemptId: string; stage: SignInStage; allowTypedNumber: boolean; expiresAt: string } | null>(
    null,
  );
  const refusal = ref<Refusal | null>(null);
  const board = ref<Board | null>(null);
  const devices = ref<DeviceConsoleView[]>([]);
  const tickets = ref<TicketView[]>([]);
  const reprints = ref<ReprintableItem[]>([]);
  const report = ref<ReconciliationReport | null>(null);
  const exported = ref<{ fileName: string; csv: string; savedTo: string } | null>(null);
  const notice = ref<Notice | null>(null);
  const busy = ref(false);
  let lastTouch = 0;
  let onEnded: (reason: string) => void = () => {};

  const refusalOf = (answer: StaffRefusal): Refusal => ({
    reason: answer.reason,
    message: answer.message,
    ...(answer.attemptsLeft !== undefined ? { attemptsLeft: answer.attemptsLeft } : {}),
    ...(answer.lockedUntil !== undefined ? { lockedUntil: answer.lockedUntil } : {}),
  });

  function clear(): void {
    session.value = null;
    signIn.value = null;
    refusal.value = null;
    board.value = null;
    devices.value = [];
    tickets.value = [];
    reprints.value = [];
    report.value = null;
    exported.value = null;
    notice.value = null;
  }

  /** Listens to the core's staff events; `ended` runs when the core ends this screen's staff session. */
  function connect(ended: (reason: string) => void): void {
    onEnded = ended;
    const api = useApi();
    api.on('staff.board', (next) => (board.value = next));
    api.on('staff.signIn.progress', (progress) => {
      if (signIn.value?.attemptId === progress.attemptId) {
        signIn.value = { ...signIn.value, stage: progress.stage };
        if (progress.stage === 'cardRead') refusal.value = null;
      }
    });
    api.on('staff.session.ended', ({ staffSessionId, reason }) => {
      if (session.value?.staffSessionId !== staffSessionId) return;
      clear();
      onEnded(reason);
    });
    // A core restart ends every staff session.
    api.onAvailability((available) => {
      if (!available && session.value) {
        clear();
        onEnded('coreRestart');
      }
    });
  }

  async function beginSignIn(): Promise<void> {
    refusal.value = null;
    const answer = await useApi().call('staff.signIn.begin', {});
    if (!answer.ok) {
      signIn.value = null;
      refusal.value = refusalOf(answer);
      return;
    }
    signIn.value = {
      attemptId: answer.attemptId,
      stage: 'waitingForCard',
      allowTypedNumber: answer.allowTypedNumber,
      expiresAt: answer.expiresAt,
    };
  }

  async function finishSignIn(
    call: () => Promise<{ ok: true; session: StaffSessionInfo } | StaffRefusal>,
  ): Promise<boolean> {
    busy.value = true;
    try {
      const answer = await call();
      if (!answer.ok) {
        refusal.value = refusalOf(answer);
        // The core ended the attempt: a new one starts from the card again.
        if (answer.reason === 'lockedOut' || answer.reason === 'noAttempt' || answer.reason === 'residentSessionActive')
          signIn.value = null;
        return false;
      }
      signIn.value = null;
      refusal.value = null;
      session.value = answer.session;
      lastTouch = Date.now();
      return true;
    } finally {
      busy.value = false;
    }
  }

  const enterPin = (pin: string) =>
    finishSignIn(() => useApi().call('staff.signIn.pin', { attemptId: signIn.value?.attemptId ?? '', pin }));
  const enterTyped = (staffId: string, pin: string) =>
    finishSignIn(() => useApi().call('staff.signIn.typed', { attemptId: signIn.value?.attemptId ?? '', staffId, pin }));

  async function cancelSignIn(): Promise<void> {
    const attempt = signIn.value;
    signIn.value = null;
    if (attempt)
      await useApi()
        .call('staff.signIn.cancel', { attemptId: attempt.attemptId })
        .catch(() => undefined);
  }

  async function signOut(): Promise<void> {
    const had = session.value !== null || signIn.value !== null;
    await cancelSignIn();
    clear();
    if (had)
      await useApi()
        .call('staff.signOut', {})
        .catch(() => undefined);
  }

  /** A touch on a staff screen: keeps the core's idle timer from ending the session. */
  function touched(): void {
    if (!session.value || Date.now() - lastTouch < TOUCH_EVERY_MS) return;
    lastTouch = Date.now();
    void useApi()
      .call('staff.touch', {})
      .then(({ expiresAt }) => {
        if (session.value) session.value = { ...session.value, expiresAt };
      })
      .catch(() => undefined);
  }

  /** Runs a staff call; a lost session (or the wrong role) ends the console instead of throwing. */
  async function guarded<T>(work: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    try {
      lastTouch = Date.now();
      return await work();
    } catch (error) {
      if (error instanceof KioskApiError && (error.code === 'staffSessionRequired' || error.code === 'forbidden')) {
        notice.value = { ok: false, reason: error.code };
        if (error.code === 'staffSessionRequired') {
          clear();
          onEnded('signedOut');
        }
        return undefined;
      }
      throw error;
    } finally {
      busy.value = false;
    }
  }

  /** Says what an action did: a refusal by its reason, a success by `what`. */
  function answered(
    answer: { ok: true } | StaffRefusal,
    what: string,
    params?: Record<string, string | number>,
  ): boolean {
    notice.value = answer.ok
      ? { ok: true, what, ...(params ? { params } : {}) }
      : { ok: false, reason: answer.reason, params: { message: answer.message } };
    return answer.ok;
  }

  const loadBoard = () => guarded(async () => (board.value = await useApi().call('staff.board', {})));
  const loadDevices = () => guarded(async () => (devices.value = (await useApi().call('staff.devices', {})).devices));
  const loadTickets = () =>
    guarded(async () => (tickets.value = (await useApi().call('staff.tickets', { includeClosed: false })).tickets));
  const loadReprints = () => guarded(async () => (reprints.value = (await useApi().call('staff.reprints', {})).items));

  async function deviceAction(
    what: 'refilled' | 'testPrinted' | 'reopened',
    call: () => Promise<{ ok: true } | StaffRefusal>,
    params: Record<string, string>,
  ) {
    await guarded(async () => answered(await call(), what, params));
    await loadDevices();
  }
  const refill = (deviceId: string, supply: SupplyId) =>
    deviceAction('refilled', () => useApi().call('staff.device.refill', { deviceId, supply }), { deviceId, supply });
  const testPrint = (deviceId: string) =>
    deviceAction('testPrinted', () => useApi().call('staff.device.testPrint', { deviceId }), { deviceId });
  const reopen = (deviceId: string) =>
    deviceAction('reopened', () => useApi().call('staff.device.reopen', { deviceId }), { deviceId });

  async function ticketAction(
    what: string,
    call: () => Promise<{ ok: true; ticket: TicketView } | StaffRefusal>,
  ): Promise<void> {
    await guarded(async () => {
      const answer = await call();
      answered(answer, what, answer.ok ? { number: answer.ticket.number } : undefined);
    });
    await loadTickets();
  }
  const acknowledge = (ticketId: number) =>
    ticketAction('acknowledged', () => useApi().call('staff.ticket.acknowledge', { ticketId }));
  const resolve = (ticketId: number, action: ResolutionAction, note: string) =>
    ticketAction('resolved', () => useApi().call('staff.ticket.resolve', { ticketId, action, note }));
  const close = (ticketId: number) => ticketAction('closed', () => useApi().call('staff.ticket.close', { ticketId }));

  async function refund(transactionId: string): Promise<void> {
    await guarded(async () => {
      const answer = await useApi().call('staff.refund', { transactionId });
      answered(answer, 'refunded', answer.ok ? { transactionId, amountFen: answer.refundedFen } : undefined);
    });
    await loadTickets();
  }

  async function reprint(transactionId: string): Promise<boolean> {
    const done = await guarded(async () => {
      const answer = await useApi().call('staff.reprint', { transactionId });
      return answered(answer, 'reprinted', answer.ok ? { transactionId, reprintNo: answer.reprintNo } : undefined);
    });
    return done === true;
  }

  async function reconcile(date: string): Promise<void> {
    exported.value = null;
    await guarded(async () => {
      const answer = await useApi().call('staff.reconcile', { date });
      report.value = answer.ok ? answer.report : null;
      if (!answer.ok) answered(answer, 'reconciled');
      else notice.value = null;
    });
  }

  async function exportCsv(date: string): Promise<void> {
    await guarded(async () => {
      const answer = await useApi().call('staff.reconcile.export', { date });
      if (answer.ok) {
        exported.value = { fileName: answer.fileName, csv: answer.csv, savedTo: answer.savedTo };
        notice.value = { ok: true, what: 'exported', params: { fileName: answer.fileName } };
      } else {
        answered(answer, 'exported');
      }
    });
  }

  return {
    session,
    signIn,
    refusal,
    board,
    devices,
    tickets,
    reprints,
    report,
    exported,
    notice,
    busy,
    connect,
    beginSignIn,
    enterPin,
    enterTyped,
    cancelSignIn,
    signOut,
    touched,
    loadBoard,
    loadDevices,
    loadTickets,
    loadReprints,
    refill,
    testPrint,
    reopen,
    acknowledge,
    resolve,
    close,
    refund,
    reprint,
    reconcile,
    exportCsv,
  };
});
