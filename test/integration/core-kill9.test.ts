/**
 * Fault test with a real crash: a child process takes a payment, then is killed with SIGKILL
 * before printing. Recovery on the same journal and provider files must print exactly once and
 * charge exactly once (or refund exactly once when printing fails), and a second recovery run
 * must change nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedGateway } from '../../services/backend-sim/embedded';
import { openJournal } from '../../services/journal/journal';
import { createSimulatedPaymentProvider } from '../../services/payments/simulatedProvider';
import { recoverUnfinished, type ResumePrintResult } from '../../services/recovery/recovery';

const DRILL = resolve(import.meta.dirname, '../../services/recovery/crashDrill.ts');
let dir: string;
let child: ChildProcess | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kill9-'));
});
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the drill and SIGKILLs it the moment it prints a line starting with `killAt`. */
function runAndKill(
  mode: 'hang-after-paid' | 'hang-after-created',
  killAt: string,
  provider: 'sim' | 'embedded' = 'sim',
): Promise<{ txId: string; orderId: string; signal: string | null }> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', DRILL, dir, mode, provider], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let stdout = '';
    let stderr = '';
    let found: { txId: string; orderId: string } | undefined;
    const guard = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`drill did not reach "${killAt}" in time; stdout=${stdout} stderr=${stderr}`));
    }, 15_000);
    proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith(`${killAt} `));
      if (line && !found) {
        const [, txId, orderId] = line.split(' ');
        found = { txId: txId!, orderId: orderId! };
        proc.kill('SIGKILL'); // no cleanup, no flush, no exit handlers
      }
    });
    proc.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (found) resolvePromise({ ...found, signal });
      else reject(new Error(`drill exited (${code ?? signal}) before "${killAt}"; stdout=${stdout} stderr=${stderr}`));
    });
  });
}

async function recoverWith(resumePrint: ResumePrintResult) {
  const journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K001' });
  const provider = createSimulatedPaymentProvider({ path: join(dir, 'provider.db') });
  const printed: string[] = [];
  const run = () =>
    recoverUnfinished({
      journal,
      gateway: provider,
      resumePrint: async (tx) => {
        printed.push(tx.id);
        return resumePrint;
      },
    });
  return { journal, provider, printed, run };
}

describe('kill -9 during a paid transaction', () => {
  it('recovery prints exactly once and the resident is charged exactly once', async () => {
    const { txId, orderId, signal } = await runAndKill('hang-after-paid', 'paid');
    expect(signal).toBe('SIGKILL');
    const { journal, provider, printed, run } = await recoverWith({ ok: true, value: undefined });
    try {
      const open = journal.unfinished();
      expect(open.map((t) => t.id)).toEqual([txId]);
      expect(open[0]!.steps.map((s) => s.kind)).toEqual(['identityChecked', 'faceMatched', 'paymentCreated', 'paid']);

      const first = await run();
      expect(first.map((r) => r.decision)).toEqual(['printedAndCompleted']);
      expect(printed).toEqual([txId]);
      expect(provider.chargeCount(orderId)).toBe(1);
      expect(provider.chargeCount()).toBe(1);
      expect(provider.refundCount()).toBe(0);
      expect(journal.find(txId)!.status).toBe('done');

      const counts = journal.counts();
      expect(await run()).toEqual([]);
      expect(printed).toEqual([txId]);
      expect(provider.chargeCount()).toBe(1);
      expect(journal.counts()).toEqual(counts);
    } finally {
      journal.close();
      provider.close();
    }
  });

  it('when printing fails after the crash, the payment is refunded once and staff get a ticket', async () => {
    const { txId, orderId } = await runAndKill('hang-after-paid', 'paid');
    const { journal, provider, printed, run } = await recoverWith({ ok: false, error: { reason: 'card printer offline' } });
    try {
      const first = await run();
      expect(first.map((r) => r.decision)).toEqual(['refunded']);
      expect(printed).toEqual([txId]);
      expect(provider.chargeCount(orderId)).toBe(1);
      expect(provider.refundCount(orderId)).toBe(1);
      expect(provider.order(orderId)!.status).toBe('refunded');
      expect(journal.find(txId)!.status).toBe('refunded');
      expect(journal.openTickets().map((t) => t.transactionId)).toEqual([txId]);

      expect(await run()).toEqual([]);
      expect(printed).toEqual([txId]);
      expect(provider.refundCount()).toBe(1);
      expect(journal.openTickets()).toHaveLength(1);
    } finally {
      journal.close();
      provider.close();
    }
  });

  it('killed while the QR code was on screen: the order is cancelled, nothing charged, nothing printed', async () => {
    const { txId, orderId } = await runAndKill('hang-after-created', 'created');
    const { journal, provider, printed, run } = await recoverWith({ ok: true, value: undefined });
    try {
      const first = await run();
      expect(first.map((r) => r.decision)).toEqual(['cancelled']);
      expect(provider.order(orderId)!.status).toBe('cancelled');
      expect(provider.chargeCount()).toBe(0);
      expect(printed).toEqual([]);
      expect(journal.find(txId)!.status).toBe('failed');
      expect(await run()).toEqual([]);
    } finally {
      journal.close();
      provider.close();
    }
  });

  it('works the same against the embedded backend simulator (file-backed): one print, one charge', async () => {
    const { txId, orderId } = await runAndKill('hang-after-paid', 'paid', 'embedded');
    const journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K001' });
    const gateway = createEmbeddedGateway({ dbPath: join(dir, 'backend.db') });
    const printed: string[] = [];
    const run = () =>
      recoverUnfinished({
        journal,
        gateway,
        resumePrint: async (tx) => {
          printed.push(tx.id);
          return { ok: true, value: undefined };
        },
      });
    const charges = () => gateway.sim.controls.providerLedger(orderId).filter((entry) => entry.kind === 'charge').length;
    try {
      expect((await run()).map((r) => r.decision)).toEqual(['printedAndCompleted']);
      expect(printed).toEqual([txId]);
      expect(charges()).toBe(1);
      expect(journal.find(txId)!.status).toBe('done');
      expect(await run()).toEqual([]);
      expect(printed).toEqual([txId]);
      expect(gateway.sim.controls.providerLedger()).toHaveLength(1);
    } finally {
      journal.close();
      gateway.close();
    }
  });
});
