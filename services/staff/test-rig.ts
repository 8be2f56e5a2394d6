/**
 * Test rig for the staff console: a whole kiosk runtime (simulated devices without wire pacing, the
 * embedded backend, a temp-dir journal) with the demo staff list, and helpers to call the API as a
 * given screen (connection) and to place a staff member's ID card. Tests only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, MethodName, ParamsOf, PayloadOf, ResultOf } from '../../contract/api';
import type { RpcErrorBody } from '../../contract/rpc';
import { cardFromRecord, fixtureCard } from '../../devices/id-reader/fixtures';
import type { IdCardRecord } from '../../devices/id-reader/text-block';
import { parseConfig } from '../config/load';
import type { KioskConfigInput } from '../config/schema';
import { startKioskRuntime, type KioskRuntime } from '../host/runtime';
import { SERVICE_MODULES } from '../host/service-modules';
import { createMemoryLogger } from '../log/logger';
import { DEV_STAFF, DEV_STAFF_SECRETS } from './dev-staff';

export type CallOutcome<M extends MethodName> = { ok: true; result: ResultOf<M> } | { ok: false; error: RpcErrorBody };

/** A resident card carrying `idNumber` (sex and birth date consistent with it, as the reader checks). */
export function idCardOf(idNumber: string): IdCardRecord {
  const base = fixtureCard('normalResident').record as Extract<IdCardRecord, { type: 'resident' }>;
  const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  return { ...base, idNumber, birthDate, sex: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female' };
}

export async function createStaffRig(config: Partial<KioskConfigInput> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'staff-'));
  const logger = createMemoryLogger();
  const full = parseConfig({
    kiosk: { id: 'STAFF-01', postName: '东华门24小时智慧警务室' },
    speech: { engines: ['platform'] },
    staff: DEV_STAFF,
    dataDir,
    ...config,
  });
  const events: { name: EventName; payload: unknown; audience: string | undefined }[] = [];
  const start = async () => {
    const started = await startKioskRuntime({
      config: full,
      log: logger,
      version: 'test',
      modules: SERVICE_MODULES,
      pacedSimulators: false,
    });
    started.core.onEvent((name, payload, audience) => events.push({ name, payload, audience }));
    return started;
  };
  let runtime: KioskRuntime = await start();
  let id = 0;

  async function call<M extends MethodName>(
    method: M,
    params: ParamsOf<M>,
    connectionId = 'screen-1',
  ): Promise<CallOutcome<M>> {
    const response = await runtime.core.dispatch(
      { type: 'request', id: ++id, method, params },
      { via: 'test', connectionId },
    );
    return response.ok ? { ok: true, result: response.result as ResultOf<M> } : { ok: false, error: response.error };
  }
  async function ok<M extends MethodName>(method: M, params: ParamsOf<M>, connectionId?: string): Promise<ResultOf<M>> {
    const outcome = await call(method, params, connectionId);
    if (!outcome.ok) throw new Error(`${method} failed: ${outcome.error.code} ${outcome.error.message}`);
    return outcome.result;
  }
  const reader = () => {
    const simulated = runtime.services.devices.get('idReader')?.simulated;
    if (simulated?.kind !== 'idCardReader') throw new Error('no simulated ID reader');
    return simulated.simulator;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  async function waitFor<E extends EventName>(
    name: E,
    match: (payload: PayloadOf<E>) => boolean,
    timeoutMs = 10_000,
  ): Promise<PayloadOf<E>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = events.find((e) => e.name === name && match(e.payload as PayloadOf<E>));
      if (found) return found.payload as PayloadOf<E>;
      if (Date.now() > deadline) throw new Error(`no ${name} event within ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  /** Places a card and waits until the sign-in on `connectionId` has seen it. */
  async function presentCard(
    attemptId: string,
    idNumber: string,
  ): Promise<PayloadOf<'staff.signIn.progress'>['stage']> {
    reader().removeCard();
    // The driver must have seen the reader empty, or the next card would look like the last one still lying there.
    const deadline = Date.now() + 5_000;
    while (runtime.services.devices.idReader()?.status().media !== 'notPresent' && Date.now() < deadline)
      await sleep(20);
    reader().placeCard(cardFromRecord(idCardOf(idNumber)));
    const progress = await waitFor(
      'staff.signIn.progress',
      (p) => p.attemptId === attemptId && p.stage !== 'waitingForCard',
    );
    return progress.stage;
  }

  /** Signs a demo staff member in on `connectionId` with their card and PIN. */
  async function signIn(who: 'officer' | 'technician', connectionId = 'screen-1') {
    const begun = await ok('staff.signIn.begin', {}, connectionId);
    if (!begun.ok) throw new Error(`sign-in refused: ${begun.reason}`);
    const stage = await presentCard(begun.attemptId, DEV_STAFF_SECRETS[who].idNumber);
    if (stage !== 'cardRead') throw new Error(`card not accepted: ${stage}`);
    const signed = await ok(
      'staff.signIn.pin',
      { attemptId: begun.attemptId, pin: DEV_STAFF_SECRETS[who].pin },
      connectionId,
    );
    if (!signed.ok) throw new Error(`PIN refused: ${signed.reason}`);
    return signed.session;
  }

  return {
    get runtime() {
      return runtime;
    },
    get journal() {
      return runtime.services.journal;
    },
    logger,
    events,
    call,
    ok,
    reader,
    waitFor,
    presentCard,
    signIn,
    /** Stops the kiosk and starts it again on the same data directory (journal, lock-outs, counters). */
    async restart() {
      await runtime.stop();
      runtime = await start();
    },
    async close() {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type StaffRig = Awaited<ReturnType<typeof createStaffRig>>;
