/**
 * Consumables the kiosk counts itself: receipt paper (length estimated from each printed document's
 * ESC/POS bytes), blank cards in the hopper, ribbon panels (the printer's own count when it gives
 * one), and later A4 sheets and toner. Printers report only "low" and "out"; staff need "how much is
 * left", so every finished job adds to a counter kept in the journal's database, and a "refilled"
 * action starts the counter again.
 *
 * Adding a device kind is one entry in CONSUMABLES: its supplies and a meter that turns the
 * driver's job events into amounts used.
 */
import type Database from 'better-sqlite3';
import type { DeviceKind } from '../../contract/device';
import type { ConsumableView, SupplyId } from '../../contract/staff';
import { CardPrinter } from '../../devices/card-printer/driver';
import { DocumentPrinter } from '../../devices/document-printer/driver';
import type { DeviceManager } from '../../devices/manager';
import { ReceiptPrinter } from '../../devices/receipt-printer/driver';
import { paperMillimetres } from '../../devices/receipt-printer/paper-length';
import type { StaffConfig } from '../config/staff-schema';

type ConsumablesConfig = StaffConfig['consumables'];
type Driver = ReturnType<DeviceManager['list']>[number]['driver'];

export interface SupplySpec {
  supply: SupplyId;
  unit: ConsumableView['unit'];
  capacity(config: ConsumablesConfig): number;
  lowMark(config: ConsumablesConfig): number;
  /** What the device itself reports is left, when it reports a count. */
  reported?(driver: Driver): number | undefined;
}

/** Subscribes to a driver's job events and reports usage; returns the unsubscribe. */
export type UsageMeter = (driver: Driver, use: (supply: SupplyId, amount: number) => void) => () => void;

/** Card-printer steps after which a blank card has left the hopper (a failure there spoils it). */
const CARD_TAKEN_STEPS = new Set(['front', 'download front', 'back', 'download back', 'print and eject']);

export const CONSUMABLES: Partial<Record<DeviceKind, { supplies: readonly SupplySpec[]; meter: UsageMeter }>> = {
  receiptPrinter: {
    supplies: [
      { supply: 'receiptPaper', unit: 'mm', capacity: (c) => c.receiptPaperMm, lowMark: (c) => c.receiptPaperLowMm },
    ],
    meter: (driver, use) =>
      driver instanceof ReceiptPrinter
        ? driver.on('event', (event) => {
            if (event.name === 'jobPrinted') use('receiptPaper', paperMillimetres(event.data.document));
          })
        : () => undefined,
  },
  cardPrinter: {
    supplies: [
      { supply: 'cards', unit: 'cards', capacity: (c) => c.cards, lowMark: (c) => c.cardsLow },
      {
        supply: 'ribbon',
        unit: 'panels',
        capacity: (c) => c.ribbonPanels,
        lowMark: (c) => c.ribbonLowPanels,
        reported: (driver) => (driver instanceof CardPrinter ? driver.ribbonRemaining() : undefined),
      },
    ],
    meter: (driver, use) =>
      driver instanceof CardPrinter
        ? driver.on('event', (event) => {
            if (event.name === 'cardPrinted') {
              use('cards', 1);
              use('ribbon', event.data.sides);
            } else if (event.name === 'cardFailed' && CARD_TAKEN_STEPS.has(event.data.step)) {
              use('cards', 1);
            }
          })
        : () => undefined,
  },
  // The A4 printer reports paper and toner as levels only; sheets and toner pages are counted here.
  documentPrinter: {
    supplies: [
      { supply: 'a4Paper', unit: 'sheets', capacity: (c) => c.a4Sheets, lowMark: (c) => c.a4LowSheets },
      { supply: 'toner', unit: 'pages', capacity: (c) => c.tonerPages, lowMark: (c) => c.tonerLowPages },
    ],
    meter: (driver, use) =>
      driver instanceof DocumentPrinter
        ? driver.on('event', (event) => {
            // A job found at the printer after a restart was counted (or lost) by the kiosk that sent it.
            const pages =
              event.name === 'jobPrinted' && !event.data.foundExisting
                ? event.data.pagesPrinted
                : event.name === 'jobInterrupted'
                  ? event.data.pagesPrinted
                  : 0;
            if (pages > 0) {
              use('a4Paper', pages);
              use('toner', pages);
            }
          })
        : () => undefined,
  },
};

export type RefillResult =
  { ok: true; supply: ConsumableView } | { ok: false; reason: 'noSuchDevice' | 'noSuchSupply'; message: string };

export interface Consumables {
  /** Starts counting (subscribes to every configured printer). */
  start(): void;
  stop(): void;
  views(deviceId: string): ConsumableView[];
  refill(deviceId: string, supply: SupplyId, staffId: string): RefillResult;
  /** Every supply at or below its low mark. */
  low(): { deviceId: string; view: ConsumableView }[];
  /** Called after each change (a job counted, a refill). */
  onChange(listener: () => void): () => void;
}

interface CounterRow {
  capacity: number;
  used: number;
  refilled_at: string | null;
  refilled_by: string | null;
}

export function createConsumables(options: {
  db: Database.Database;
  devices: Pick<DeviceManager, 'list' | 'get'>;
  config: ConsumablesConfig;
  now?: () => Date;
  staffName?: (staffId: string) => string;
}): Consumables {
  const { db, devices, config } = options;
  const now = options.now ?? (() => new Date());
  const listeners = new Set<() => void>();
  const offs: (() => void)[] = [];
  const get = db.prepare<[string, string], CounterRow>(
    `SELECT capacity, used, refilled_at, refilled_by FROM consumable_counters WHERE device_id = ? AND supply = ?`,
  );
  const ensure = db.prepare(
    `INSERT INTO consumable_counters (device_id, supply, capacity, used) VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING`,
  );
  const addUse = db.prepare(`UPDATE consumable_counters SET used = used + ? WHERE device_id = ? AND supply = ?`);
  const refill = db.prepare(
    `UPDATE consumable_counters SET capacity = ?, used = 0, refilled_at = ?, refilled_by = ? WHERE device_id = ? AND supply = ?`,
  );

  const specsOf = (deviceId: string) => {
    const device = devices.get(deviceId);
    return device ? { device, specs: CONSUMABLES[device.spec.kind]?.supplies ?? [] } : undefined;
  };
  const counter = (deviceId: string, spec: SupplySpec): CounterRow => {
    ensure.run(deviceId, spec.supply, spec.capacity(config));
    return get.get(deviceId, spec.supply)!;
  };
  const changed = () => {
    for (const listener of listeners) listener();
  };
  const view = (deviceId: string, driver: Driver, spec: SupplySpec): ConsumableView => {
    const row = counter(deviceId, spec);
    const reported = spec.reported?.(driver);
    const remaining = reported !== undefined ? Math.max(0, reported) : Math.max(0, row.capacity - row.used);
    const used = reported !== undefined ? Math.max(0, row.capacity - remaining) : row.used;
    return {
      supply: spec.supply,
      unit: spec.unit,
      capacity: row.capacity,
      used: Math.round(used),
      remaining: Math.round(remaining),
      low: remaining <= spec.lowMark(config),
      source: reported !== undefined ? 'printer' : 'estimate',
      ...(row.refilled_at !== null ? { refilledAt: row.refilled_at } : {}),
      ...(row.refilled_by !== null ? { refilledBy: options.staffName?.(row.refilled_by) ?? row.refilled_by } : {}),
    };
  };

  return {
    start() {
      for (const device of devices.list()) {
        const entry = CONSUMABLES[device.spec.kind];
        if (!entry) continue;
        offs.push(
          entry.meter(device.driver, (supply, amount) => {
            const spec = entry.supplies.find((s) => s.supply === supply);
            if (!spec || !(amount > 0)) return;
            counter(device.id, spec);
            addUse.run(amount, device.id, supply);
            changed();
          }),
        );
      }
    },
    stop() {
      for (const off of offs.splice(0)) off();
    },
    views(deviceId) {
      const found = specsOf(deviceId);
      return found ? found.specs.map((spec) => view(deviceId, found.device.driver, spec)) : [];
    },
    refill(deviceId, supply, staffId) {
      const found = specsOf(deviceId);
      if (!found) return { ok: false, reason: 'noSuchDevice', message: `no device ${deviceId}` };
      const spec = found.specs.find((s) => s.supply === supply);
      if (!spec) return { ok: false, reason: 'noSuchSupply', message: `${deviceId} has no ${supply}` };
      counter(deviceId, spec);
      refill.run(spec.capacity(config), now().toISOString(), staffId, deviceId, supply);
      changed();
      return { ok: true, supply: view(deviceId, found.device.driver, spec) };
    },
    low() {
      return devices
        .list()
        .flatMap((device) =>
          (CONSUMABLES[device.spec.kind]?.supplies ?? [])
            .map((spec) => ({ deviceId: device.id, view: view(device.id, device.driver, spec) }))
            .filter((entry) => entry.view.low),
        );
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
