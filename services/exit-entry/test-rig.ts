/**
 * Test rig for the endorsement flow: the real drivers over in-memory links to their simulators (the
 * permit chip simulator behind the contactless driver, the OCR window, scanner, card and receipt
 * printers), the embedded police backend, a temp-dir journal and sealed scratch, the payment
 * service, and helpers that drive the flow like the UI does. Not production code.
 */
import type { ServicePause } from '../../contract/api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FlowProgress } from '../../contract/flow';
import type { ExitEntryState } from '../../contract/flows/exit-entry';
import { CardPrinter } from '../../devices/card-printer/driver';
import { CardPrinterSimulator } from '../../devices/card-printer/simulator';
import { ContactlessReader } from '../../devices/contactless/driver';
import { MemoryPcscTransport } from '../../devices/contactless/memory-transport';
import { FILE_ID } from '../../devices/icao9303/lds';
import { parseEndorsementFile } from '../../devices/icao9303/endorsement';
import { createLinkPair } from '../../devices/link/memory-link';
import { OcrReader } from '../../devices/ocr-reader/driver';
import { OcrReaderSimulator } from '../../devices/ocr-reader/simulator';
import { ReceiptPrinter } from '../../devices/receipt-printer/driver';
import { ReceiptPrinterSimulator } from '../../devices/receipt-printer/simulator';
import { QrScanner } from '../../devices/scanner/driver';
import { ScannerSimulator } from '../../devices/scanner/simulator';
import { PermitField } from '../../devices/travel-permit-sim/field';
import { permitFixture, type PermitFixtureName } from '../../devices/travel-permit-sim/fixtures';
import { testPki } from '../../devices/travel-permit-sim/pki';
import { createEmbeddedGateway, type EmbeddedGateway } from '../backend-sim/embedded';
import { FIXTURE_NOW, PAYMENT_CODE, POST_JURISDICTION } from '../backend-sim/fixtures';
import type { PoliceGateway } from '../gateway/types';
import { openJournal, type Journal } from '../journal/journal';
import { openSealedScratch } from '../kit/sealed-scratch';
import type { RunningFlow } from '../kit/runner';
import { createMemoryLogger } from '../log/logger';
import { createPaymentService } from '../payments/paymentService';
import { fakeJpegBase64, journalRows } from '../temp-id/test-rig';
import { DEFAULT_OFFERS } from './config';
import type { CardBackPrinterPort } from './deps';
import { createExitEntryLauncher, type ExitEntrySettingsInput } from './launcher';

export { fakeJpegBase64, journalRows };

export interface RigOptions {
  gateway?: (embedded: EmbeddedGateway) => PoliceGateway;
  settings?: Partial<ExitEntrySettingsInput>;
  /** Share a field (a kiosk restarted with the same permit on its reader). */
  field?: PermitField;
  dir?: string;
  /** Stands in for the card printer as the flow sees it (a printer that never answers …). */
  cardBackPrinter?: CardBackPrinterPort;
  /** Share the police backend (the same administration and payment provider after a restart). */
  backend?: EmbeddedGateway;
}

export type Rig = Awaited<ReturnType<typeof createRig>>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const BASE_SETTINGS: ExitEntrySettingsInput = {
  enabled: true,
  offers: DEFAULT_OFFERS,
  destinations: ['HK', 'MO', 'HKMO'],
  fees: { oneTripFen: 1500, twoTripsFen: 3000, multipleTripsFen: 8000 },
  rules: { firstTimeToCounter: true, nonLocalToCounter: true, stateEmployeesToCounter: true },
  jurisdictionCode: POST_JURISDICTION,
  maxReadAttempts: 3,
  maxFaceAttempts: 3,
  paymentTimeoutMs: 60_000,
  paymentPollMs: 20,
  replaceMs: 2_000,
  cardBackTimeoutMs: 5_000,
};

export async function createRig(options: RigOptions = {}) {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'exit-entry-'));
  const offset = FIXTURE_NOW.getTime() - Date.now();
  const now = () => new Date(Date.now() + offset);
  const logger = createMemoryLogger();
  const embedded = options.backend ?? createEmbeddedGateway({ now });
  const gateway = options.gateway ? options.gateway(embedded) : embedded;
  const journal: Journal = openJournal(join(dir, 'journal.db'), { kioskId: 'K001', now });
  const payments = createPaymentService({ gateway, journal, pollInitialMs: 10, pollMaxMs: 30, retryDelayMs: 1, retryAttempts: 2, callTimeoutMs: 800 });
  const scratch = openSealedScratch(dir);

  const field = options.field ?? new PermitField();
  const transport = new MemoryPcscTransport(field);
  const reader = new ContactlessReader(transport, { driver: 'simulated' });
  const ocrPair = createLinkPair('ocr');
  const ocrSim = new OcrReaderSimulator(ocrPair.device, { paced: false });
  const ocrReader = new OcrReader(ocrPair.host);
  const scannerPair = createLinkPair('scanner');
  const scannerSim = new ScannerSimulator(scannerPair.device, { paced: false });
  const scanner = new QrScanner(scannerPair.host);
  const cardPair = createLinkPair('card-printer');
  const cardSim = new CardPrinterSimulator(cardPair.device, { cards: 0 });
  const cardPrinter = new CardPrinter({ link: cardPair.host, pollIntervalMs: 0, commandTimeoutMs: 300, printStepTimeoutMs: 2000 });
  const receiptPair = createLinkPair('receipt-printer');
  const receiptSim = new ReceiptPrinterSimulator(receiptPair.device);
  const receiptPrinter = new ReceiptPrinter({ link: receiptPair.host, pollIntervalMs: 0, postJobSettleMs: 0, statusTimeoutMs: 300 });
  await ocrSim.start();
  await scannerSim.start();
  await cardSim.start();
  await receiptSim.start();
  await Promise.all([reader.start(), ocrReader.start(), scanner.start(), cardPrinter.start(), receiptPrinter.start()]);

  const launcher = createExitEntryLauncher({
    gateway,
    payments,
    journal,
    devices: { idReader: () => undefined, scanner: () => scanner, receiptPrinter: () => receiptPrinter },
    post: { name: '东华门24小时智慧警务室', timeZone: 'Asia/Shanghai', receiptPrintTimeoutMs: 5_000 },
    log: logger,
    now,
    settings: { ...BASE_SETTINGS, ...options.settings },
    reader: () => reader,
    ocrReader: () => ocrReader,
    cardPrinter: () => options.cardBackPrinter ?? cardPrinter,
    trustAnchors: [testPki().csca],
    scratch,
  });

  const progress: FlowProgress[] = [];
  let flow: RunningFlow | undefined;
  let crashed = false;

  const rig = {
    dir,
    now,
    logger,
    embedded,
    gateway,
    journal,
    scratch,
    field,
    reader,
    ocrSim,
    scannerSim,
    cardSim,
    cardPrinter,
    receiptPrinter,
    receiptSim,
    payments,
    progress,
    launcher,
    pause: undefined as ServicePause | undefined,
    start(): RunningFlow {
      flow = launcher({ sessionId: 'session-0001-test', onProgress: (p) => progress.push(p), readiness: () => rig.pause, timeScale: 1 });
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
        if (Date.now() > deadline) throw new Error(`${what} not reached in ${ms} ms; last: ${p.state}/${p.status} ${JSON.stringify(p.error ?? {})} ${JSON.stringify(p.view ?? {})}`);
        await sleep(5);
      }
    },
    inState(state: ExitEntryState, status?: FlowProgress['status'], ms?: number) {
      return rig.until((p) => p.state === state && (!status || p.status === status), ms, `${state}/${status ?? '*'}`);
    },
    ended(ms?: number) {
      return rig.until((p) => p.status === 'done' || p.status === 'failed' || p.status === 'cancelled', ms, 'an ending');
    },
    /** Lays a fixture permit on the reader with its back on the OCR window. */
    async present(name: PermitFixtureName, options: { misread?: boolean } = {}) {
      field.place(name);
      const line = permitFixture(name).printedOcrLine;
      await (options.misread ? ocrSim.misread(line) : ocrSim.read(line));
    },
    /** notice → permit (read by the OCR window) → face (one capture). */
    async toEligibility(name: PermitFixtureName) {
      rig.start();
      await rig.inState('notice', 'waiting');
      rig.send('accept');
      await rig.inState('permit', 'waiting');
      await rig.present(name);
      await rig.inState('face', 'waiting');
      rig.send('faceCaptured', { imageJpegBase64: fakeJpegBase64('capture-1') });
    },
    /** … → choose → confirm → payment QR. */
    async toPayment(name: PermitFixtureName = 'validHongKongMacao', choice = { endorsementType: 'G', destination: 'HK', validityMonths: 3, trips: 1 }) {
      await rig.toEligibility(name);
      await rig.inState('choose', 'waiting');
      rig.send('endorsementChosen', choice);
      await rig.inState('confirm', 'waiting');
      rig.send('confirm');
      await rig.until((p) => p.state === 'payment' && typeof p.view?.qrPayload === 'string', 8000, 'payment QR');
    },
    async pay(code: string = PAYMENT_CODE.wechat) {
      await rig.scannerSim.scan(code);
    },
    /** The endorsements the card in the field (or the named card) holds. */
    endorsementsOn(card = field.chip?.card) {
      const file = card?.files.get(FILE_ID.endorsements);
      return file ? (parseEndorsementFile(file) ?? []) : [];
    },
    transactionId(): string {
      const row = journalRows(journal).transactions.at(-1);
      if (!row) throw new Error('no transaction yet');
      return String(row.id);
    },
    ledger() {
      return embedded.sim.controls.providerLedger();
    },
    /**
     * The kiosk dies: its devices stop answering and the flow is abandoned where it is (no settling;
     * the runner cannot stop a flow, so a test gives the abandoned one time-outs far beyond its run);
     * the journal, the sealed scratch and the permit field stay for the next start (`createRig({ dir, field })`).
     */
    async crash() {
      flow = undefined;
      crashed = true;
      await Promise.all([reader.stop(), ocrReader.stop(), scanner.stop(), cardPrinter.stop(), receiptPrinter.stop()]);
      await ocrSim.stop();
      await scannerSim.stop();
      cardSim.dispose();
      receiptSim.dispose();
    },
    async close() {
      if (flow) {
        flow.send({ type: 'cancel' });
        await flow.done;
      }
      if (crashed) {
        journal.close();
        if (!options.dir) rmSync(dir, { recursive: true, force: true });
        return;
      }
      await Promise.all([reader.stop(), ocrReader.stop(), scanner.stop(), cardPrinter.stop(), receiptPrinter.stop()]);
      await ocrSim.stop();
      await scannerSim.stop();
      cardSim.dispose();
      receiptSim.dispose();
      journal.close();
      if (!options.backend) embedded.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}
