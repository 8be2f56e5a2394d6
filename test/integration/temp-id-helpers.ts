/**
 * Helpers shared by the temporary-ID integration tests: a rig per test (closed after it, with the
 * personal-data check), waiting for the end, reading printed receipts, the money ledger, and a
 * gateway with operations down.
 */
import { afterEach, expect } from 'vitest';
import type { PrintedReceipt } from '../../devices/receipt-printer/simulator';
import { RESIDENT } from '../../services/backend-sim/fixtures';
import type { GatewayResult, PoliceGateway } from '../../services/gateway/types';
import { createRig, journalRows, type Rig, type RigOptions } from '../../services/temp-id/test-rig';

const NAMES = ['张伟', '王䶮', '李小雨', '赵敏', '陈刚', '刘洋'];
/** No progress, log line or journal row holds a full ID number; no log line or journal row a name. */
function assertNoPersonalData(r: Rig): void {
  const logsAndJournal = [...r.logger.lines, ...r.paymentLogs, journalRows(r.journal).all].join('\n');
  const everything = [...r.progress.map((p) => JSON.stringify(p)), logsAndJournal].join('\n');
  for (const id of Object.values(RESIDENT)) expect(everything).not.toContain(id);
  for (const name of NAMES) expect(logsAndJournal).not.toContain(name);
}

/** Registers the after-each check and close; returns `open`, which builds this test's rig. */
export function rigPerTest(): (options?: RigOptions) => Promise<Rig> {
  let rig: Rig | undefined;
  afterEach(async () => {
    if (rig) assertNoPersonalData(rig);
    await rig?.close();
    rig = undefined;
  });
  return async (options) => (rig = await createRig(options));
}

export const ended = (r: Rig) =>
  r.until((p) => p.status === 'done' || p.status === 'failed' || p.status === 'cancelled', 15_000, 'end');
export const receiptText = (r: PrintedReceipt | undefined) =>
  (r?.lines ?? []).map((l) => (l.kind === 'text' ? l.runs.map((run) => run.text).join('') : '')).join('\n');
export const refunds = (r: Rig) => r.ledger().filter((e) => e.kind === 'refund');
export const charges = (r: Rig) => r.ledger().filter((e) => e.kind === 'charge');
const down = <T>(): Promise<GatewayResult<T>> =>
  Promise.resolve({ ok: false, error: { kind: 'network', message: 'ECONNREFUSED (test)', retryable: true } });

/** The gateway with some operations failing as if the backend were unreachable. */
export const withDown =
  (ops: (keyof PoliceGateway)[]) =>
  (g: PoliceGateway): PoliceGateway =>
    new Proxy(g, {
      get: (target, key: string) =>
        ops.includes(key as keyof PoliceGateway) ? down : (target as unknown as Record<string, unknown>)[key],
    });
