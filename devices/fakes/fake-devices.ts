/**
 * createFakeDevices(): every kiosk device as an in-memory fake, for flow tests and model-based path
 * tests that need no simulator, no link and no timer. It returns the fakes themselves (to act on:
 * place a card, scan a code, run out of paper, jam the next card, pull a cable), the `KioskDevices`
 * view a flow is given, and a health source shaped like the core's DeviceHealthSource
 * (services/core/kiosk-core.ts), judged by devices/health.ts exactly as the device manager judges
 * real devices. The contactless reader is the real driver on the in-memory PC/SC transport to the
 * travel-permit chip simulator (`permitField` places and removes permits).
 */
import type { DeviceHealth, DeviceIdentity, DeviceStatus } from '../../contract/device';
import { ContactlessReader } from '../contactless/driver';
import { MemoryPcscTransport } from '../contactless/memory-transport';
import { deviceHealth } from '../health';
import type { KioskDevices } from '../interfaces';
import { Emitter } from '../shared/emitter';
import { PermitField } from '../travel-permit-sim/field';
import { FakeCardPrinter, type FakeCardPrinterOptions } from './card-printer';
import type { FakeDeviceOptions } from './fake-device';
import { FakeIdCardReader, type FakeIdCardReaderOptions } from './id-reader';
import { FakeOcrReader, FakeQrScanner } from './line-readers';
import { FakeReceiptPrinter, type FakeReceiptPrinterOptions } from './receipt-printer';

/** What the health view needs of each device. */
interface Watched {
  readonly identity: DeviceIdentity;
  status(): DeviceStatus;
  start(): Promise<void>;
  stop(): Promise<void>;
  on(name: 'status', listener: () => void): () => void;
}

export interface FakeDevicesOptions {
  idReader?: FakeIdCardReaderOptions;
  scanner?: FakeDeviceOptions;
  receiptPrinter?: FakeReceiptPrinterOptions;
  cardPrinter?: FakeCardPrinterOptions;
  ocrReader?: FakeDeviceOptions;
  /** The contactless reader's simulated air time per APDU (ms); 0, the default, uses no timer. */
  contactlessLatencyMs?: number;
}

/** The same surface as the core's DeviceHealthSource. */
export interface FakeHealthSource {
  health(): DeviceHealth;
  onChange(listener: (health: DeviceHealth) => void): () => void;
  /** Starts every device that is not running (the fakes start online unless asked otherwise). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface FakeDevices {
  readonly idReader: FakeIdCardReader;
  readonly scanner: FakeQrScanner;
  readonly receiptPrinter: FakeReceiptPrinter;
  readonly cardPrinter: FakeCardPrinter;
  readonly ocrReader: FakeOcrReader;
  readonly contactlessReader: ContactlessReader;
  /** The contactless reader's RF field: place(fixture) / remove() a travel permit. */
  readonly permitField: PermitField;
  /** What a flow is given: each device by kind. */
  readonly devices: KioskDevices;
  readonly health: FakeHealthSource;
}

export function createFakeDevices(options: FakeDevicesOptions = {}): FakeDevices {
  const idReader = new FakeIdCardReader(options.idReader);
  const scanner = new FakeQrScanner(options.scanner);
  const receiptPrinter = new FakeReceiptPrinter(options.receiptPrinter);
  const cardPrinter = new FakeCardPrinter(options.cardPrinter);
  const ocrReader = new FakeOcrReader(options.ocrReader);
  const permitField = new PermitField();
  const contactlessReader = new ContactlessReader(
    new MemoryPcscTransport(permitField, options.contactlessLatencyMs ?? 0),
    {
      id: 'contactlessReader',
      driver: 'simulated',
    },
  );
  // The in-memory transport reports the reader at once: the reader is online when this returns.
  void contactlessReader.start();

  const all: Watched[] = [idReader, scanner, receiptPrinter, cardPrinter, contactlessReader, ocrReader];
  const since = new Map<string, Date>(all.map((device) => [device.identity.id, new Date()]));
  const changes = new Emitter<{ change: (health: DeviceHealth) => void }>();
  const health = (): DeviceHealth =>
    deviceHealth(
      all.map((d) => ({ identity: d.identity, status: d.status(), since: since.get(d.identity.id) ?? new Date() })),
    );
  for (const device of all) {
    device.on('status', () => {
      since.set(device.identity.id, new Date());
      changes.emit('change', health());
    });
  }

  return {
    idReader,
    scanner,
    receiptPrinter,
    cardPrinter,
    ocrReader,
    contactlessReader,
    permitField,
    devices: {
      idReader: () => idReader,
      scanner: () => scanner,
      receiptPrinter: () => receiptPrinter,
      cardPrinter: () => cardPrinter,
      contactlessReader: () => contactlessReader,
      ocrReader: () => ocrReader,
    },
    health: {
      health,
      onChange: (listener) => changes.on('change', listener),
      start: async () => {
        await Promise.all(all.map((device) => device.start()));
      },
      stop: async () => {
        await Promise.all(all.map((device) => device.stop()));
      },
    },
  };
}
