/**
 * Test rig for the temporary-ID flow: the real drivers talking to their simulators over in-memory
 * links, the embedded police backend, a temp-file journal and the payment service, plus helpers
 * to drive the flow like the UI does. Used by the unit and integration tests (not production code).
 */
import type { ServicePause } from '../../contract/api';
import BetterSqlite from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlowProgress } from '../../contract/flow';
import type { TempIdState } from '../../contract/flows/temp-id-card';
import { CardPrinter } from '../../devices/card-printer/driver';
import { CardPrinterSimulator } from '../../devices/card-printer/simulator';
import { IdCardReader } from '../../devices/id-reader/driver';
import { cardFromRecord } from '../../devices/id-reader/fixtures';
import { IdReaderSimulator } from '../../devices/id-reader/simulator';
import type { IdCardRecord } from '../../devices/id-reader/text-block';
import { createLinkPair } from '../../devices/link/memory-link';
import { ReceiptPrinter } from '../../devices/receipt-printer/driver';
import { ReceiptPrinterSimulator } from '../../devices/receipt-printer/simulator';
import { QrScanner } from '../../devices/scanner/driver';
import { ScannerSimulator } from '../../devices/scanner/simulator';
import { createEmbeddedGateway, type EmbeddedGateway } from '../backend-sim/embedded';
import { FIXTURE_NOW, POST_JURISDICTION } from '../backend-sim/fixtures';
import type { RunningFlow } from '../kit/runner';
import type { IdentityRecord, PoliceGateway } from '../gateway/types';
import { openJournal, type Journal } from '../journal/journal';
import { createMemoryLogger } from '../log/logger';
import { createPaymentService, type PaymentService } from '../payments/paymentService';
import { createTempIdCardLauncher, type TempIdLauncherDeps } from './launcher';

export interface RigOptions {
  /** Replace the gateway the flow uses (faults, a dead HTTP backend); payments follow it unless `paymentGateway`. */
  gateway?: (embedded: EmbeddedGateway) => PoliceGateway;
  settings?: Partial<TempIdLauncherDeps['settings']>;
  cardPrinter?: { cards?: number; ribbon?: number };
}

export type Rig = Awaited<ReturnType<typeof createRig>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fake but well-formed JPEG capture (SOI + APP0 marker + seed bytes). */
export function fakeJpegBase64(seed: string): string {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from(`JFIF-${seed}`), Buffer.from([0xff, 0xd9])]).toString('base64');
}

/** A resident card whose fields match a registry record (the card a resident would bring). */
export function cardFor(record: IdentityRecord): IdCardRecord {
  return {
    type: 'resident',
    name: record.name,
    sex: record.sex,
    nationCode: '01',
    nation: record.ethnicity,
    birthDate: record.birthDate,
    address: record.registeredAddress,
    idNumber: record.idNumber,
    authority: '北京市公安局东城分局',
    validFrom: '2016-03-10',
    validTo: '2026-03-10',
    needsStaffReview: false,
    reviewReasons: [],
  };
}

/** Builds the whole rig; call `close()` in afterEach. */
export async function createRig(options: RigOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'temp-id-'));
  // The simulator's data is anchored in mid-2025: one clock, FIXTURE_NOW plus real elapsed time.
  const offset = FIXTURE_NOW.getTime() - Date.now();
  const now = () => new Date(Date.now() + offset);
  const logger = createMemoryLogger();
  const paymentLogs: string[] = [];

  const embedded = createEmbeddedGateway({ now, tempIdCard: { feeFen: 1000, validityMonths: 3, issuingAuthority: '北京市公安局东城分局' } });
  const gateway = options.gateway ? options.gateway(embedded) : embedded;
  const journal: Journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K001', now });
  const payments: PaymentService = createPaymentService({
    gateway,
    journal,
    pollInitialMs: 10,
    pollMaxMs: 30,
    retryDelayMs: 1,
    retryAttempts: 2,
    callTimeoutMs: 800,
    log: (event) => paymentLogs.push(JSON.stringify(event)),
  });

  const readerPair = createLinkPair('id-reader');
  const readerSim = new IdReaderSimulator(readerPair.device, { paced: false });
  const reader = new IdCardReader(readerPair.host, { pollIntervalMs: 10, samRetryMs: 50, log: (e) => logger.debug('id-reader', e) });
  const scannerPair = createLinkPair('scanner');
  const scannerSim = new ScannerSimulator(scannerPair.device, { paced: false });
  const scanner = new QrScanner(scannerPair.host, { log: (e) => logger.debug('scanner', e) });
  const cardPair = createLinkPair('card-printer');
  const cardSim = new CardPrinterSimulator(cardPair.device, { cards: options.cardPrinter?.cards ?? 100, ribbon: options.cardPrinter?.ribbon ?? 500 });
  const cardPrinter = new CardPrinter({ link: cardPair.host, pollIntervalMs: 0, commandTimeoutMs: 300, printStepTimeoutMs: 2000 });
  const receiptPair = createLinkPair('receipt-printer');
  const receiptSim = new ReceiptPrinterSimulator(receiptPair.device);
  const receiptPrinter = new ReceiptPrinter({ link: receiptPair.host, pollIntervalMs: 0, postJobSettleMs: 0, statusTimeoutMs: 300 });

  await readerSim.start();
  await reader.start();
  await scannerSim.start();
  await scanner.start();
  await cardSim.start();
  await cardPrinter.start();
  await receiptSim.start();
  await receiptPrinter.start();

  const launch = createTempIdCardLauncher({
    gateway,
    payments,
    journal,
    devices: { idReader: () => reader, scanner: () => scanner, cardPrinter: () => cardPrinter, receiptPrinter: () => receiptPrinter },
    log: logger,
    now,
    settings: {
      enabled: true,
      feeFen: 1000,
      localRegistrationOnly: false,
      issuingAuthority: '北京市公安局东城分局',
      validityMonths: 3,
      jurisdictionCode: POST_JURISDICTION,
      postName: '东华门派出所24小时智慧警务室',
      paymentPollMs: 20,
      cardPrintTimeoutMs: 20_000,
      receiptPrintTimeoutMs: 5_000,
      ...options.settings,
    },
  });

  const progress: FlowProgress[] = [];
  let flow: RunningFlow | undefined;

  const rig = {
    dir,
    now,
    logger,
    paymentLogs,
    embedded,
    gateway,
    journal,
    payments,
    readerSim,
    reader,
    scannerSim,
    scanner,
    cardSim,
    cardPrinter,
    receiptSim,
    receiptPrinter,
    progress,
    /** The flow launcher as the kiosk core would get it. */
    launcher: launch,
    /** What the core's readiness check answers (set it to pause the service's devices). */
    pause: undefined as ServicePause | undefined,
    /** What the core passes for the resident's time-outs (2 in elderly mode). */
    timeScale: 1,
    /** Starts the flow (as flow.start would). */
    start(): RunningFlow {
      flow = launch({ sessionId: 'session-0001-test', onProgress: (p) => progress.push(p), readiness: () => rig.pause, timeScale: rig.timeScale });
      return flow;
    },
    get flow(): RunningFlow {
      if (!flow) throw new Error('flow not started');
      return flow;
    },
    /** Sends a UI event and insists it was accepted. */
    send(event: string, payload: unknown = {}) {
      const result = rig.flow.send({ type: event, payload });
      if (!result.ok) throw new Error(`${event} refused: ${result.error.code} ${result.error.message}`);
    },
    last(): FlowProgress {
      return rig.flow.progress();
    },
    /** Waits until the latest progress satisfies `predicate`. */
    async until(predicate: (p: FlowProgress) => boolean, ms = 8000, what = 'progress'): Promise<FlowProgress> {
      const deadline = Date.now() + ms;
      for (;;) {
        const p = rig.flow.progress();
        if (predicate(p)) return p;
        if (Date.now() > deadline) throw new Error(`${what} not reached in ${ms} ms; last: ${p.state}/${p.status} ${JSON.stringify(p.error ?? {})}`);
        await sleep(5);
      }
    },
    /** Waits for a state to be waiting for the resident (or any status if `status` is omitted). */
    inState(state: TempIdState, status?: FlowProgress['status'], ms?: number) {
      return rig.until((p) => p.state === state && (!status || p.status === status), ms, `${state}/${status ?? '*'}`);
    },
    /** Waits for a QR payload and returns the order id. */
    async orderId(): Promise<string> {
      const p = await rig.until((x) => x.state === 'payment' && typeof x.view?.qrPayload === 'string', 8000, 'payment QR');
      const tx = journal.find(rig.transactionId(p))!;
      return String(tx.steps.find((s) => s.kind === 'paymentCreated')!.data.orderId);
    },
    /** The journal transaction of this flow (the only one opened). */
    transactionId(_p?: FlowProgress): string {
      const row = journalRows(journal).transactions.at(-1);
      if (!row) throw new Error('no transaction yet');
      return String(row.id);
    },
    /** Places a resident card that matches the registry record of `idNumber`. */
    async placeCardOf(idNumber: string) {
      const record = await embedded.verifyIdentity({ idNumber });
      if (!record.ok) throw new Error(`no registry record: ${record.error.message}`);
      readerSim.placeCard(cardFromRecord(cardFor(record.value)));
    },
    /** Runs notice → identity (typed) → face → confirm for a registry number. */
    async toConfirm(idNumber: string) {
      rig.start();
      await rig.inState('notice', 'waiting');
      rig.send('accept');
      await rig.inState('identity');
      rig.send('idNumberEntered', { idNumber });
      await rig.inState('face', 'waiting');
      rig.send('faceCaptured', { imageJpegBase64: fakeJpegBase64('capture-1') });
      await rig.inState('confirm', 'waiting');
    },
    /** Charges (provider ledger) of every order. */
    ledger() {
      return embedded.sim.controls.providerLedger();
    },
    async close() {
      if (flow) {
        flow.send({ type: 'cancel' });
        await flow.done;
      }
      await reader.stop();
      await readerSim.stop();
      await scanner.stop();
      await scannerSim.stop();
      await cardPrinter.stop();
      cardSim.dispose();
      await receiptPrinter.stop();
      receiptSim.dispose();
      journal.close();
      embedded.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

/** Every row of every journal table, read straight from the database file (for privacy checks). */
export function journalRows(journal: Journal): { transactions: Record<string, unknown>[]; all: string } {
  // A second connection, read-only, so the test sees exactly what is on disk.
  const db = new BetterSqlite(journal.path, { readonly: true });
  try {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as { name: string }[]).map((t) => t.name);
    const dump: string[] = [];
    for (const table of tables) dump.push(JSON.stringify(db.prepare(`SELECT * FROM "${table}"`).all()));
    const transactions = db.prepare('SELECT * FROM transactions ORDER BY rowid').all() as Record<string, unknown>[];
    return { transactions, all: dump.join('\n') };
  } finally {
    db.close();
  }
}
