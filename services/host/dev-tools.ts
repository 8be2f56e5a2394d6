/**
 * Development tools behind the dev dock: act on the simulated hardware the kiosk is really using
 * (the same simulator objects the drivers talk to over their links) and show what the simulated
 * printers printed. The core refuses these calls in production.
 */
import { type DevAction, type DevPrinted, type DevState, type FixtureCardName, PermitFixtureName } from '../../contract/dev';
import { permitFixture } from '../../devices/travel-permit-sim/fixtures';
import { JobState } from '../../devices/document-printer/ipp/constants';
import { fixtureCard } from '../../devices/id-reader/fixtures';
import type { DeviceManager, ManagedDevice } from '../../devices/manager';
import { workerCall, type WorkerCall } from '../../devices/shared/worker-call';
import type { RenderReply, RenderRequest } from './printed-render-worker';
import { PAYMENT_CODE } from '../backend-sim/fixtures';
import { RejectedError } from '../api/dispatcher';

export interface DevTools {
  state(): DevState;
  act(deviceId: string, action: DevAction): void;
  /** The printers' latest output as PNG: rendered in a worker thread, once per new print. */
  printed(): Promise<DevPrinted>;
  close(): Promise<void>;
}


/** The render worker's module: the TypeScript source, or its bundle beside the Electron core. */
const renderWorkerUrl = () => new URL(import.meta.url.endsWith('.cjs') ? './printed-render-worker.cjs' : './printed-render-worker.ts', import.meta.url);

const FIXTURES: FixtureCardName[] = [
  'normalResident',
  'rareCharacterName',
  'under16',
  'expired',
  'longTerm',
  'privateUseName',
  'residencePermit',
  'foreignPermanentOld',
  'foreignPermanent2023',
  'unreadable',
];

const ACTIONS: Record<ManagedDevice['spec']['kind'], DevAction['type'][]> = {
  idCardReader: ['placeCard', 'removeCard', 'cable'],
  qrScanner: ['scan', 'cable'],
  receiptPrinter: ['paper', 'cover', 'cutterError', 'cable'],
  cardPrinter: ['cards', 'ribbon', 'cover', 'jamNextCard', 'clearJam', 'cable'],
  contactlessReader: ['placePermit', 'removePermit', 'removePermitMidWrite', 'cable'],
  ocrReader: ['scanOcrLine', 'cable'],
  documentPrinter: ['sheets', 'toner', 'cover', 'jam', 'clearJam', 'offline', 'abortNextJob', 'cable'],
};

function summary(device: ManagedDevice): string {
  const sim = device.simulated;
  if (!sim) return `serial ${device.spec.port ?? ''}`;
  switch (sim.kind) {
    case 'idCardReader':
      return `${device.driver.status().device}`;
    case 'qrScanner':
      return `${device.driver.status().device}`;
    case 'receiptPrinter':
      return `paper ${sim.simulator.remainingLines()} lines, ${sim.simulator.receipts().length} printed`;
    case 'cardPrinter': {
      const { cards, ribbon } = sim.simulator.supplies();
      return `cards ${cards}, ribbon ${ribbon}, ${sim.simulator.cardsPrinted().length} printed`;
    }
    case 'contactlessReader':
      return sim.simulator.chip ? `permit ${sim.simulator.chip.card.name} in the field` : 'no permit';
    case 'ocrReader':
      return `${device.driver.status().device}`;
    case 'documentPrinter': {
      const engine = sim.simulator.engine;
      return `paper ${engine.paperSheets} sheets, toner ${Math.round(engine.tonerPercent)} %, ${engine.allJobs().length} jobs, ${engine.printedPages().length} pages printed`;
    }
  }
}

export function createDevTools(devices: DeviceManager, options: { renderer?: WorkerCall<RenderRequest, RenderReply> } = {}): DevTools {
  const renderer = options.renderer ?? workerCall<RenderRequest, RenderReply>(renderWorkerUrl());
  // One render per printed item, shared by every caller that asks while it runs or after it ran.
  const rendered = new Map<string, Promise<string>>();
  const renderOnce = (key: string, request: RenderRequest): Promise<string> => {
    let png = rendered.get(key);
    if (!png) {
      png = renderer.call(request).then((reply) => `data:image/png;base64,${Buffer.from(reply.png).toString('base64')}`);
      png.catch(() => rendered.delete(key));
      // Only the newest few stay cached: the dock shows the latest output.
      if (rendered.size >= 8) rendered.delete(rendered.keys().next().value!);
      rendered.set(key, png);
    }
    return png;
  };

  const simulatedOrRefuse = (deviceId: string) => {
    const device = devices.get(deviceId);
    if (!device) throw new RejectedError(`no device named ${deviceId}`);
    if (!device.simulated) throw new RejectedError(`${deviceId} is a real device, not a simulator`);
    return { device, sim: device.simulated };
  };

  return {
    state: () => ({
      devices: devices.list().map((device) => ({
        id: device.id,
        kind: device.spec.kind,
        simulated: device.simulated !== undefined,
        cablePlugged: device.simulated?.plugged ?? true,
        actions: device.simulated ? ACTIONS[device.spec.kind] : [],
        summary: summary(device),
      })),
      fixtures: FIXTURES,
      permitFixtures: [...PermitFixtureName.options],
      paymentCodes: [
        { label: 'WeChat Pay', code: PAYMENT_CODE.wechat },
        { label: 'Alipay', code: PAYMENT_CODE.alipay },
        { label: 'WeChat (insufficient funds)', code: PAYMENT_CODE.wechatInsufficientFunds },
        { label: 'WeChat (declined)', code: PAYMENT_CODE.wechatDeclined },
      ],
    }),

    act(deviceId, action) {
      const { sim } = simulatedOrRefuse(deviceId);
      if (action.type === 'cable') return action.plugged ? sim.replug() : sim.unplug();
      const refuse = () => {
        throw new RejectedError(`${action.type} does not apply to ${deviceId} (${sim.kind})`);
      };
      switch (sim.kind) {
        case 'idCardReader':
          if (action.type === 'placeCard') return sim.simulator.placeCard(fixtureCard(action.fixture));
          if (action.type === 'removeCard') return sim.simulator.removeCard();
          return refuse();
        case 'qrScanner':
          if (action.type === 'scan') return void sim.simulator.scan(action.text);
          return refuse();
        case 'receiptPrinter':
          if (action.type === 'paper') return action.level === 'full' ? sim.simulator.reload() : sim.simulator.setPaper(action.level);
          if (action.type === 'cover') return action.open ? sim.simulator.openCover() : sim.simulator.closeCover();
          if (action.type === 'cutterError') return sim.simulator.setCutterError('nextCut');
          return refuse();
        case 'cardPrinter':
          if (action.type === 'cards') return sim.simulator.setCards(action.count);
          if (action.type === 'ribbon') return sim.simulator.setRibbon(action.count);
          if (action.type === 'cover') return action.open ? sim.simulator.openCover() : sim.simulator.closeCover();
          if (action.type === 'jamNextCard') return sim.simulator.jamNextCard();
          if (action.type === 'clearJam') return sim.simulator.clearJam();
          return refuse();
        case 'contactlessReader':
          if (action.type === 'placePermit') return void sim.simulator.place(action.fixture);
          if (action.type === 'removePermit') return sim.simulator.remove();
          if (action.type === 'removePermitMidWrite') return sim.simulator.armRemovalDuringWrite(action.phase);
          return refuse();
        case 'ocrReader':
          if (action.type === 'scanOcrLine') {
            const line = permitFixture(action.fixture).printedOcrLine;
            return void (action.misread ? sim.simulator.misread(line) : sim.simulator.read(line));
          }
          return refuse();
        case 'documentPrinter': {
          const engine = sim.simulator.engine;
          if (action.type === 'sheets') return engine.setPaper(action.count);
          if (action.type === 'toner') return engine.setToner(action.percent);
          if (action.type === 'cover') return engine.setDoor(action.open);
          if (action.type === 'jam') return action.afterPages === 0 ? engine.jamNow() : void (engine.jamAfterPages = action.afterPages);
          if (action.type === 'clearJam') return engine.clearJam();
          if (action.type === 'offline') return engine.setOffline(action.offline);
          if (action.type === 'abortNextJob') return void (engine.abortNextJob = true);
          return refuse();
        }
      }
    },

    async printed() {
      const result: DevPrinted = {};
      for (const device of devices.list()) {
        const sim = device.simulated;
        if (sim?.kind === 'receiptPrinter' && !result.receipt) {
          const receipts = sim.simulator.receipts();
          const last = receipts.at(-1);
          if (!last) continue;
          const key = `${device.id}/receipt/${receipts.length}/${last.lines.length}/${last.interrupted ?? ''}`;
          const dataUrl = await renderOnce(key, { kind: 'receipt', receipt: last }).catch((error: Error) => {
            throw new RejectedError(error.message);
          });
          result.receipt = { dataUrl, count: receipts.length, ...(last.interrupted ? { note: `interrupted: ${last.interrupted}` } : {}) };
        }
        if (sim?.kind === 'cardPrinter' && !result.card) {
          const cards = sim.simulator.cardsPrinted();
          const last = cards.at(-1);
          if (!last) continue;
          result.card = { dataUrl: await renderOnce(`${device.id}/card/${cards.length}`, { kind: 'card', card: last }), count: cards.length };
        }
        if (sim?.kind === 'documentPrinter' && !result.a4) {
          const pages = sim.simulator.engine.printedPages();
          const last = pages.at(-1);
          if (!last) continue;
          const lastJob = sim.simulator.engine.allJobs().filter((j) => j.printed.length > 0).at(-1);
          result.a4 = {
            dataUrl: `data:image/png;base64,${last.toString('base64')}`,
            count: pages.length,
            ...(lastJob && lastJob.state !== JobState.completed ? { note: `job ${lastJob.id}: ${lastJob.reasons.join(', ')}` } : {}),
          };
        }
      }
      return result;
    },

    close: () => renderer.close(),
  };
}
