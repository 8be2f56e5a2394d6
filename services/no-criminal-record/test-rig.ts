/**
 * Test rig for the certificate flow: the embedded police backend, a temp-file journal, a memory
 * logger, and a small in-memory fake of the A4 printer's interface (the driver and its IPP simulator
 * have their own tests) that keeps its jobs by id across a "restart", as a real printer's job
 * history does. Used by the unit tests (not production code).
 */
import BetterSqlite from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlowProgress } from '../../contract/flow';
import type { NoCriminalRecordState } from '../../contract/flows/no-criminal-record';
import type { DocumentPrintError, PrintedJob } from '../../devices/document-printer/driver';
import { fail, ok, type CommandResult } from '../../devices/types';
import { createEmbeddedGateway, type EmbeddedGateway } from '../backend-sim/embedded';
import { FIXTURE_NOW } from '../backend-sim/fixtures';
import { SIMULATOR_ISSUER_KEY, type A4Printer, type DocumentSigner, type IssuerKey } from '../documents';
import type { PoliceGateway } from '../gateway/types';
import { openJournal, type Journal } from '../journal/journal';
import type { RunningFlow } from '../kit/runner';
import { createMemoryLogger } from '../log/logger';
import { createPaymentService } from '../payments/paymentService';
import { createNoCriminalRecordLauncher, type NoCriminalRecordSettingsInput } from './launcher';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A well-formed JPEG capture (SOI + APP0 + seed + EOI). */
export const fakeJpegBase64 = (seed: string): string =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from(`JFIF-${seed}`), Buffer.from([0xff, 0xd9])]).toString('base64');

/** The A4 printer as a flow sees it: jobs by id (never two of one id), and a mode for the next job. */
export class FakeA4Printer implements A4Printer {
  readonly jobs = new Map<string, Uint8Array>();
  mode: 'ok' | 'hang' | DocumentPrintError = 'ok';
  print(pdf: Uint8Array, options: { jobId: string; signal?: AbortSignal }): Promise<CommandResult<PrintedJob, DocumentPrintError>> {
    const job = (foundExisting: boolean): PrintedJob => ({ jobId: options.jobId, ippJobId: [...this.jobs.keys()].indexOf(options.jobId) + 1, foundExisting, pagesPrinted: 1 });
    if (this.jobs.has(options.jobId)) return Promise.resolve(ok(job(true)));
    if (this.mode === 'ok') {
      this.jobs.set(options.jobId, pdf);
      return Promise.resolve(ok(job(false)));
    }
    if (this.mode === 'hang') {
      // Submitted, never finishing: the kiosk goes down while the job waits in the printer's queue.
      this.jobs.set(options.jobId, pdf);
      return new Promise(() => undefined);
    }
    return Promise.resolve(fail('userError', `${options.jobId} not printed: ${this.mode}`, this.mode));
  }
}

export interface RigOptions {
  gateway?: (embedded: EmbeddedGateway) => PoliceGateway;
  settings?: Partial<NoCriminalRecordSettingsInput>;
  trustedKeys?: readonly IssuerKey[];
  printer?: FakeA4Printer;
  /** Who signs at the backend (default: the simulator's key, which the rig trusts). */
  signer?: DocumentSigner;
}

export type Rig = Awaited<ReturnType<typeof createRig>>;

export async function createRig(options: RigOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ncr-'));
  const offset = FIXTURE_NOW.getTime() - Date.now();
  const now = () => new Date(Date.now() + offset);
  const logger = createMemoryLogger();
  const embedded = createEmbeddedGateway({ now, dbPath: join(dir, 'backend.db'), ...(options.signer ? { certificate: { signer: options.signer } } : {}) });
  const gateway = options.gateway ? options.gateway(embedded) : embedded;
  const journal: Journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K001', now });
  const payments = createPaymentService({ gateway, journal });
  const printer = options.printer ?? new FakeA4Printer();
  const trustedKeys = options.trustedKeys ?? [SIMULATOR_ISSUER_KEY];
  const launch = createNoCriminalRecordLauncher({
    gateway,
    payments,
    journal,
    devices: { idReader: () => undefined, scanner: () => undefined, receiptPrinter: () => undefined, documentPrinter: () => printer },
    trustedKeys,
    post: { name: '东华门24小时智慧警务室', timeZone: 'Asia/Shanghai' },
    log: logger,
    now,
    settings: {
      enabled: true,
      periodRule: 'fromAge18',
      validityMonths: 3,
      purposes: ['employment', 'study', 'visaEmigration', 'adoption', 'other'],
      purposeTextMaxLength: 20,
      statementAfterCertificates: 3,
      statementMinLength: 4,
      maxFaceAttempts: 3,
      printTimeoutMs: 5_000,
      ...options.settings,
    },
  });

  const progress: FlowProgress[] = [];
  let flow: RunningFlow | undefined;
  const rig = {
    dir, now, logger, embedded, gateway, journal, printer, trustedKeys, progress,
    start(): RunningFlow {
      flow = launch({ sessionId: 'session-0001-test', onProgress: (p) => progress.push(p), readiness: () => undefined, timeScale: 1 });
      return flow;
    },
    get flow(): RunningFlow {
      if (!flow) throw new Error('flow not started');
      return flow;
    },
    send(event: string, payload: unknown = {}) {
      const result = rig.flow.send({ type: event, payload });
      if (!result.ok) throw new Error(`${event} refused: ${result.error.code} ${result.error.message}`);
    },
    async until(predicate: (p: FlowProgress) => boolean, ms = 8000, what = 'progress'): Promise<FlowProgress> {
      const deadline = Date.now() + ms;
      for (;;) {
        const p = rig.flow.progress();
        if (predicate(p)) return p;
        if (Date.now() > deadline) throw new Error(`${what} not reached in ${ms} ms; last: ${p.state}/${p.status} ${JSON.stringify(p.error ?? {})}`);
        await sleep(5);
      }
    },
    inState(state: NoCriminalRecordState, status?: FlowProgress['status'], ms?: number) {
      return rig.until((p) => p.state === state && (!status || p.status === status), ms, `${state}/${status ?? '*'}`);
    },
    async ended() {
      const outcome = await rig.flow.done;
      return { ...outcome, progress: rig.flow.progress() };
    },
    /** notice → typed number → lookup → face (one capture) → purpose. */
    async toPurpose(idNumber: string) {
      rig.start();
      await rig.inState('notice', 'waiting');
      rig.send('accept');
      await rig.inState('identity');
      rig.send('idNumberEntered', { idNumber });
      await rig.inState('face', 'waiting');
      rig.send('faceCaptured', { imageJpegBase64: fakeJpegBase64('capture-1') });
      await rig.inState('purpose', 'waiting');
    },
    /** The flow's journal transaction (the newest one), with its steps. */
    transaction() {
      const id = journalRows(journal).transactions.at(-1)?.id;
      return typeof id === 'string' ? journal.find(id) : undefined;
    },
    async close() {
      journal.close();
      embedded.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

/** Everything on disk in the journal (a second, read-only connection): its transactions, and every table as text. */
export function journalRows(journal: Journal): { transactions: Record<string, unknown>[]; all: string } {
  const db = new BetterSqlite(journal.path, { readonly: true });
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
    const dump = tables.map((table) => JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all()));
    return { transactions: db.prepare('SELECT * FROM transactions ORDER BY rowid').all() as Record<string, unknown>[], all: dump.join('\n') };
  } finally {
    db.close();
  }
}
