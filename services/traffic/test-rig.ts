/**
 * Test rig for the traffic flow: the real drivers talking to their simulators (ID reader, scanner
 * and receipt printer over in-memory links, the A4 printer over IPP on a loopback port), the
 * embedded police backend, a temp-file journal and the payment service, plus helpers to drive the
 * flow like the UI does. Used by the unit and integration tests (not production code).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServicePause } from '../../contract/api';
import type { FlowProgress } from '../../contract/flow';
import type { TrafficState } from '../../contract/flows/traffic';
import { DocumentPrinter } from '../../devices/document-printer/driver';
import { PdfRenderer } from '../../devices/document-printer/render/render-pool';
import { IppPrinterSimulator } from '../../devices/document-printer/simulator/server';
import { IdCardReader } from '../../devices/id-reader/driver';
import { IdReaderSimulator } from '../../devices/id-reader/simulator';
import { createLinkPair } from '../../devices/link/memory-link';
import { ReceiptPrinter } from '../../devices/receipt-printer/driver';
import { ReceiptPrinterSimulator } from '../../devices/receipt-printer/simulator';
import { QrScanner } from '../../devices/scanner/driver';
import { ScannerSimulator } from '../../devices/scanner/simulator';
import { createEmbeddedGateway, type EmbeddedGateway } from '../backend-sim/embedded';
import { FIXTURE_NOW, type DriverFixture } from '../backend-sim/fixtures';
import { SIMULATOR_ISSUER_KEY } from '../documents';
import type { PoliceGateway } from '../gateway/types';
import { openJournal, type Journal } from '../journal/journal';
import type { RunningFlow } from '../kit/runner';
import { createMemoryLogger } from '../log/logger';
import { createPaymentService, type PaymentService } from '../payments/paymentService';
import type { TrafficConfig } from './config';
import { createTrafficLauncher, type TrafficLauncherDeps } from './launcher';

export interface TrafficRigOptions {
  /** Replace the gateway the flow uses (faults, a dead backend); payments follow it. */
  gateway?: (embedded: EmbeddedGateway) => PoliceGateway;
  config?: Partial<TrafficConfig>;
  overrides?: TrafficLauncherDeps['overrides'];
  /** A4 pages take this long (default 20 ms). */
  a4PageMs?: number;
}

export type TrafficRig = Awaited<ReturnType<typeof createTrafficRig>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fake but well-formed JPEG capture (SOI + APP0 marker + seed bytes). */
export function fakeJpegBase64(seed: string): string {
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from(`JFIF-${seed}`), Buffer.from([0xff, 0xd9])]).toString('base64');
}

/** One renderer per test file (a worker thread each is slow to start); low resolution, fast. */
let renderer: PdfRenderer | undefined;
const sharedRenderer = () => (renderer ??= new PdfRenderer({ dpi: 36 }));
/** Stops the shared renderer's worker (afterAll of a test file). */
export async function closeTrafficRenderer(): Promise<void> {
  await renderer?.close();
  renderer = undefined;
}

/** Builds the whole rig; call `close()` in afterEach. */
export async function createTrafficRig(options: TrafficRigOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'traffic-'));
  // The simulator's data is anchored in mid-2025: one clock, FIXTURE_NOW plus real elapsed time.
  const offset = FIXTURE_NOW.getTime() - Date.now();
  const now = () => new Date(Date.now() + offset);
  const logger = createMemoryLogger();
  const paymentLogs: string[] = [];
  const embedded = createEmbeddedGateway({ now });
  const gateway = options.gateway ? options.gateway(embedded) : embedded;
  const journal: Journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K001', now });
  const payments: PaymentService = createPaymentService({
    gateway, journal, pollInitialMs: 10, pollMaxMs: 30, retryDelayMs: 1, retryAttempts: 2, callTimeoutMs: 800, log: (event) => paymentLogs.push(JSON.stringify(event)),
  });

  const readerPair = createLinkPair('id-reader');
  const readerSim = new IdReaderSimulator(readerPair.device, { paced: false });
  const reader = new IdCardReader(readerPair.host, { pollIntervalMs: 10, samRetryMs: 50, log: (e) => logger.debug('id-reader', e) });
  const scannerPair = createLinkPair('scanner');
  const scannerSim = new ScannerSimulator(scannerPair.device, { paced: false });
  const scanner = new QrScanner(scannerPair.host, { log: (e) => logger.debug('scanner', e) });
  const receiptPair = createLinkPair('receipt-printer');
  const receiptSim = new ReceiptPrinterSimulator(receiptPair.device);
  const receiptPrinter = new ReceiptPrinter({ link: receiptPair.host, pollIntervalMs: 0, postJobSettleMs: 0, statusTimeoutMs: 300 });
  const a4Sim = new IppPrinterSimulator({ pageMs: options.a4PageMs ?? 20, renderer: sharedRenderer() });
  await a4Sim.start();
  const a4 = new DocumentPrinter({ uri: a4Sim.uri, pollIntervalMs: 0, jobPollMs: 20, requestTimeoutMs: 2000, jobTimeoutMs: 30_000 });

  await readerSim.start();
  await reader.start();
  await scannerSim.start();
  await scanner.start();
  await receiptSim.start();
  await receiptPrinter.start();
  await a4.start();

  const launch = createTrafficLauncher({
    gateway, payments, journal, log: logger, now,
    devices: { idReader: () => reader, scanner: () => scanner, receiptPrinter: () => receiptPrinter, documentPrinter: () => a4 },
    config: { enabled: true, ...options.config },
    post: { name: '东华门24小时智慧警务室' },
    trustedKeys: [SIMULATOR_ISSUER_KEY],
    overrides: { paymentPollMs: 20, a4TimeoutMs: 30_000, receiptPrintTimeoutMs: 5_000, ...options.overrides },
  });

  const progress: FlowProgress[] = [];
  let flow: RunningFlow | undefined;

  const rig = {
    dir, now, logger, paymentLogs, embedded, gateway, journal, payments, readerSim, reader, scannerSim, scanner, receiptSim, receiptPrinter, a4Sim, a4, progress,
    launcher: launch,
    /** What the core's readiness check answers (set it to pause the service's devices). */
    pause: undefined as ServicePause | undefined,
    start(): RunningFlow {
      flow = launch({ sessionId: 'session-0001-test', onProgress: (p) => progress.push(p), readiness: () => rig.pause, timeScale: 1 });
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
    last: (): FlowProgress => rig.flow.progress(),
    async until(predicate: (p: FlowProgress) => boolean, ms = 8000, what = 'progress'): Promise<FlowProgress> {
      const deadline = Date.now() + ms;
      for (;;) {
        const p = rig.flow.progress();
        if (predicate(p)) return p;
        if (Date.now() > deadline) throw new Error(`${what} not reached in ${ms} ms; last: ${p.state}/${p.status} ${JSON.stringify(p.error ?? {})} ${JSON.stringify(p.view ?? {}).slice(0, 300)}`);
        await sleep(5);
      }
    },
    inState(state: TrafficState, status?: FlowProgress['status'], ms?: number) {
      return rig.until((p) => p.state === state && (!status || p.status === status), ms, `${state}/${status ?? '*'}`);
    },
    ended: () => rig.until((p) => p.status === 'done' || p.status === 'failed' || p.status === 'cancelled', 20_000, 'end'),
    /** notice → vehicle → records, for a driver's car. */
    async recordsByVehicle(driver: DriverFixture) {
      rig.start();
      await rig.inState('notice', 'waiting');
      rig.send('chooseRoute', { route: 'vehicle' });
      await rig.inState('vehicleEntry', 'waiting');
      rig.send('vehicleEntered', { plateNumber: driver.vehicle.plateNumber, plateType: driver.vehicle.plateType, checkTail: driver.vehicle.vinLast6 });
      return rig.inState('records', 'waiting');
    },
    /** identity (typed) → face, as the licence holder or the ID-card look-up. */
    async prove(idNumber: string, nextState: TrafficState = 'confirm') {
      await rig.inState('identity');
      rig.send('idNumberEntered', { idNumber });
      await rig.inState('face', 'waiting');
      rig.send('faceCaptured', { imageJpegBase64: fakeJpegBase64(`capture-${idNumber}`) });
      return rig.inState(nextState, 'waiting');
    },
    /** Waits for the payment QR and returns the order id. */
    async orderId(): Promise<string> {
      await rig.until((x) => x.state === 'payment' && typeof x.view?.qrPayload === 'string', 8000, 'payment QR');
      const tx = journal.find(rig.transactionId())!;
      return String(tx.steps.filter((s) => s.kind === 'paymentCreated').at(-1)!.data.orderId);
    },
    transactionId(): string {
      const open = journal.unfinished().at(-1)?.id;
      const latest = open ?? (rig.last().view?.transactionNo as string | undefined);
      if (!latest) throw new Error('no transaction yet');
      return latest;
    },
    ledger: () => embedded.sim.controls.providerLedger(),
    /** Every PDF the A4 printer received, and the pages it printed. */
    a4Jobs: () => a4Sim.engine.allJobs(),
    async close() {
      if (flow) {
        flow.send({ type: 'cancel' });
        await Promise.race([flow.done, sleep(10_000)]);
      }
      await reader.stop();
      await readerSim.stop();
      await scanner.stop();
      await scannerSim.stop();
      await receiptPrinter.stop();
      receiptSim.dispose();
      await a4.stop();
      await a4Sim.stop();
      journal.close();
      embedded.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}
