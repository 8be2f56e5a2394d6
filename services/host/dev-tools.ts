/**
 * Development tools behind the dev dock: act on the simulated hardware the kiosk is really using
 * (the same simulator objects the drivers talk to over their links) and show what the simulated
 * printers printed. The core refuses these calls in production.
 */
import type { DevAction, DevPrinted, DevState, FixtureCardName } from '../../contract/dev';
import { renderCardPng } from '../../devices/card-printer/simulator';
import { JobState } from '../../devices/document-printer/ipp/constants';
import { fixtureCard } from '../../devices/id-reader/fixtures';
import type { DeviceManager, ManagedDevice } from '../../devices/manager';
import { renderReceiptPng } from '../../devices/receipt-printer/render';
import { PAYMENT_CODE } from '../backend-sim/fixtures';
import { RejectedError } from '../api/dispatcher';

export interface DevTools {
  state(): DevState;
  act(deviceId: string, action: DevAction): void;
  printed(): DevPrinted;
}

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
    case 'documentPrinter': {
      const engine = sim.simulator.engine;
      return `paper ${engine.paperSheets} sheets, toner ${Math.round(engine.tonerPercent)} %, ${engine.allJobs().length} jobs, ${engine.printedPages().length} pages printed`;
    }
  }
}

export function createDevTools(devices: DeviceManager): DevTools {
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

    printed() {
      const result: DevPrinted = {};
      for (const device of devices.list()) {
        const sim = device.simulated;
        if (sim?.kind === 'receiptPrinter' && !result.receipt) {
          const receipts = sim.simulator.receipts();
          const last = receipts.at(-1);
          if (!last) continue;
          const rendered = renderReceiptPng(last);
          if (!rendered.ok) throw new RejectedError(rendered.message);
          result.receipt = {
            dataUrl: `data:image/png;base64,${rendered.png.toString('base64')}`,
            count: receipts.length,
            ...(last.interrupted ? { note: `interrupted: ${last.interrupted}` } : {}),
          };
        }
        if (sim?.kind === 'cardPrinter' && !result.card) {
          const cards = sim.simulator.cardsPrinted();
          const last = cards.at(-1);
          if (!last) continue;
          result.card = { dataUrl: `data:image/png;base64,${renderCardPng(last).toString('base64')}`, count: cards.length };
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
  };
}
