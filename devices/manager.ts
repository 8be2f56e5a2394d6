/**
 * The device manager: builds each configured device (a real serial port, or the in-process
 * simulator over an in-memory link), starts and stops them, keeps their health, and hands the
 * simulators' controls to the development dock. Nothing else in the kiosk knows which it got.
 */
import type { DeviceHealth, DeviceKind, DeviceStatus } from '../contract/device';
import { CardPrinter } from './card-printer/driver';
import { ContactlessReader } from './contactless/driver';
import { MemoryPcscTransport } from './contactless/memory-transport';
import { SmartcardPcscTransport } from './contactless/pcsc-transport';
import { CardPrinterSimulator } from './card-printer/simulator';
import { DocumentPrinter } from './document-printer/driver';
import { IppPrinterSimulator } from './document-printer/simulator/server';
import { deviceHealth, isHealthy } from './health';
import type { KioskDevices } from './interfaces';
import { Emitter } from './shared/emitter';
import { IdCardReader } from './id-reader/driver';
import { IdReaderSimulator } from './id-reader/simulator';
import type { ByteLink } from './link';
import { createLinkPair } from './link/memory-link';
import { createPacedWriter } from './link/paced-writer';
import { SerialLink } from './link/serial-link';
import { ReceiptPrinter } from './receipt-printer/driver';
import { ReceiptPrinterSimulator } from './receipt-printer/simulator';
import { OcrReader } from './ocr-reader/driver';
import { OcrReaderSimulator } from './ocr-reader/simulator';
import { QrScanner } from './scanner/driver';
import { ScannerSimulator } from './scanner/simulator';
import { PermitField } from './travel-permit-sim/field';

/** One entry of the configuration's device map (see services/config/schema.ts). */
export interface DeviceSpec {
  kind: DeviceKind;
  /** `pcsc` is for the contactless reader only (pcscd), `ipp` for the A4 printer; the other kinds are `serial`. */
  driver: 'simulated' | 'serial' | 'pcsc' | 'ipp';
  port?: string;
  baudRate?: number;
  /** PC/SC reader name pattern (substring or /regex/), for `pcsc`. */
  reader?: string;
  /** IPP printer URI (driver `ipp`). */
  uri?: string;
}

export type AnyDriver = IdCardReader | QrScanner | ReceiptPrinter | CardPrinter | DocumentPrinter | ContactlessReader | OcrReader;

/** The simulator behind a simulated device, by kind. */
export type SimulatorOf =
  | { kind: 'idCardReader'; simulator: IdReaderSimulator }
  | { kind: 'qrScanner'; simulator: ScannerSimulator }
  | { kind: 'receiptPrinter'; simulator: ReceiptPrinterSimulator }
  | { kind: 'cardPrinter'; simulator: CardPrinterSimulator }
  | { kind: 'contactlessReader'; simulator: PermitField }
  | { kind: 'ocrReader'; simulator: OcrReaderSimulator }
  | { kind: 'documentPrinter'; simulator: IppPrinterSimulator };

export interface ManagedDevice {
  readonly id: string;
  readonly spec: DeviceSpec;
  readonly driver: AnyDriver;
  /** Present for simulated devices only. */
  readonly simulated?: SimulatorOf & { unplug(): void; replug(): void; readonly plugged: boolean };
}

export interface DeviceManagerOptions {
  /** Pace simulator replies at the wire rate (true in web mode; false makes unit tests fast). */
  pacedSimulators?: boolean;
  /** Polling periods; defaults suit real devices. */
  pollIntervalMs?: { idReader?: number; printers?: number };
  /** Time the simulated A4 printer takes per page (default 400 ms). */
  a4PageMs?: number;
  log?: (event: string, fields?: Record<string, unknown>) => void;
  /** Problems staff must see at the default log level (a configured port that does not open). */
  warn?: (event: string, fields?: Record<string, unknown>) => void;
}

const DEFAULT_BAUD: Record<DeviceKind, number> = {
  idCardReader: 115200,
  qrScanner: 9600,
  receiptPrinter: 115200,
  cardPrinter: 115200,
  contactlessReader: 0, // not a serial device
  ocrReader: 9600,
  documentPrinter: 0, // IPP over the network, not a serial line
};

export class DeviceManager implements KioskDevices {
  private readonly devices: ManagedDevice[] = [];
  private readonly since = new Map<string, Date>();
  private readonly changes = new Emitter<{ change: (health: DeviceHealth) => void }>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly simulatorStarts: (() => Promise<void>)[] = [];
  private readonly simulatorStops: (() => Promise<void> | void)[] = [];
  private readonly serialLinks = new Map<string, SerialLink>();
  private starting: Promise<void> | undefined;

  constructor(specs: Readonly<Record<string, DeviceSpec>>, private readonly options: DeviceManagerOptions = {}) {
    for (const [id, spec] of Object.entries(specs)) this.devices.push(this.build(id, spec));
  }

  /** Every managed device, in configuration order. */
  list(): readonly ManagedDevice[] {
    return this.devices;
  }

  get(id: string): ManagedDevice | undefined {
    return this.devices.find((device) => device.id === id);
  }

  /** The first device of a kind, typed by kind: what service flows use. */
  idReader(): IdCardReader | undefined {
    return this.first('idCardReader') as IdCardReader | undefined;
  }
  scanner(): QrScanner | undefined {
    return this.first('qrScanner') as QrScanner | undefined;
  }
  receiptPrinter(): ReceiptPrinter | undefined {
    return this.first('receiptPrinter') as ReceiptPrinter | undefined;
  }
  cardPrinter(): CardPrinter | undefined {
    return this.first('cardPrinter') as CardPrinter | undefined;
  }
  contactlessReader(): ContactlessReader | undefined {
    return this.first('contactlessReader') as ContactlessReader | undefined;
  }
  ocrReader(): OcrReader | undefined {
    return this.first('ocrReader') as OcrReader | undefined;
  }
  documentPrinter(): DocumentPrinter | undefined {
    return this.first('documentPrinter') as DocumentPrinter | undefined;
  }

  health(): DeviceHealth {
    return deviceHealth(
      this.devices.map(({ id, driver }) => ({ identity: driver.identity, status: driver.status(), since: this.since.get(id) ?? new Date() })),
    );
  }

  onChange(listener: (health: DeviceHealth) => void): () => void {
    return this.changes.on('change', listener);
  }

  /**
   * Starts the simulators and drivers. Idempotent: start-up recovery starts the devices before the
   * core does (it may need a printer or the permit reader), and the core's start then finds them running.
   */
  start(): Promise<void> {
    this.starting ??= this.startOnce();
    return this.starting;
  }

  private async startOnce(): Promise<void> {
    await Promise.all(this.simulatorStarts.map((start) => start()));
    for (const { id, driver } of this.devices) {
      this.since.set(id, new Date());
      const off = (driver.on as (name: 'status', listener: (status: DeviceStatus) => void) => () => void)('status', (status) => {
        this.since.set(id, new Date());
        this.options.log?.('device-status', { device: id, state: status.device, healthy: isHealthy(status) });
        const health = this.health();
        this.changes.emit('change', health);
      });
      this.unsubscribe.push(off);
    }
    // Drivers never throw for a missing device: a start that cannot connect keeps retrying.
    await Promise.all(this.devices.map(({ driver }) => driver.start()));
    for (const [id, link] of this.serialLinks) {
      if (link.state !== 'open') this.options.warn?.('device-open-failed', { device: id, port: link.path, error: link.lastError?.message ?? 'not open' });
    }
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    this.starting = undefined;
    for (const off of this.unsubscribe.splice(0)) off();
    await Promise.all(this.devices.map(({ driver }) => driver.stop()));
    await Promise.all(this.simulatorStops.map((stop) => stop()));
  }

  /**
   * Re-opens one device (staff console): stops its driver (closing the port; a running job sees the
   * cancel) and starts it again. False when there is no such device. Status listeners stay attached.
   */
  async reopen(id: string): Promise<boolean> {
    const device = this.get(id);
    if (!device) return false;
    await device.driver.stop();
    await device.driver.start();
    return true;
  }

  private first(kind: DeviceKind): AnyDriver | undefined {
    return this.devices.find((device) => device.spec.kind === kind)?.driver;
  }

  private build(id: string, spec: DeviceSpec): ManagedDevice {
    if (spec.kind === 'documentPrinter') return this.buildDocumentPrinter(id, spec);
    if (spec.driver === 'ipp') throw new Error(`devices.${id}.driver: only the A4 document printer is driven over IPP`);
    const baudRate = spec.baudRate ?? DEFAULT_BAUD[spec.kind];
    if (spec.kind === 'contactlessReader') return this.buildContactless(id, spec);
    if (spec.driver === 'pcsc') throw new Error(`devices.${id}.driver: pcsc is only for a contactlessReader`);
    if (spec.driver === 'serial') {
      if (!spec.port) throw new Error(`devices.${id}.port: a serial device needs a port`);
      const link = new SerialLink({ path: spec.port, baudRate });
      this.serialLinks.set(id, link);
      return { id, spec, driver: this.driverFor(id, spec.kind, link) };
    }
    const pair = createLinkPair();
    const paced = this.options.pacedSimulators ?? true;
    const write = createPacedWriter(pair.device, { baudRate, paced });
    const simulator = this.simulatorFor(spec.kind, pair.device, { baudRate, paced, write: (bytes) => write.write(bytes) });
    let plugged = true;
    const simulated = {
      ...simulator,
      get plugged() {
        return plugged;
      },
      unplug: () => {
        plugged = false;
        pair.unplug();
      },
      replug: () => {
        plugged = true;
        pair.replug();
      },
    } as NonNullable<ManagedDevice['simulated']>;
    return { id, spec, driver: this.driverFor(id, spec.kind, pair.host), simulated };
  }

  /** The contactless reader has no serial link: pcscd through the PC/SC binding, or the chip simulator in process. */
  private buildContactless(id: string, spec: DeviceSpec): ManagedDevice {
    const log = this.options.log;
    const options = { id, log: (entry: { event: string; detail?: string }) => log?.('contactless', { device: id, ...entry }) };
    if (spec.driver === 'pcsc') {
      return { id, spec, driver: new ContactlessReader(new SmartcardPcscTransport({ reader: spec.reader ?? '' }), { ...options, driver: 'pcsc' }) };
    }
    if (spec.driver !== 'simulated') throw new Error(`devices.${id}.driver: a contactlessReader is pcsc or simulated`);
    const field = new PermitField();
    const transport = new MemoryPcscTransport(field, this.options.pacedSimulators === false ? 0 : 3);
    let plugged = true;
    const driver = new ContactlessReader(transport, { ...options, driver: 'simulated' });
    const simulated = {
      kind: 'contactlessReader' as const,
      simulator: field,
      get plugged() {
        return plugged;
      },
      // The reader's USB cable: pulling it is pcscd losing the reader.
      unplug: () => {
        plugged = false;
        field.remove();
        void transport.stop();
      },
      replug: () => {
        plugged = true;
        void transport.start();
      },
    };
    return { id, spec, driver, simulated };
  }

  /** The A4 printer speaks IPP: to a configured printer URI, or to the in-process IPP simulator. */
  private buildDocumentPrinter(id: string, spec: DeviceSpec): ManagedDevice {
    const pollIntervalMs = this.options.pollIntervalMs?.printers;
    if (spec.driver === 'ipp') {
      if (!spec.uri) throw new Error(`devices.${id}.uri: an IPP printer needs a uri`);
      return { id, spec, driver: new DocumentPrinter({ id, uri: spec.uri, ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}) }) };
    }
    if (spec.driver !== 'simulated') throw new Error(`devices.${id}.driver: the A4 printer is driven over IPP: use driver "ipp" with a uri`);
    const simulator = new IppPrinterSimulator({ pageMs: this.options.a4PageMs ?? 400 });
    this.simulatorStarts.push(() => simulator.start());
    this.simulatorStops.push(() => simulator.stop());
    const driver = new DocumentPrinter({ id, uri: () => simulator.uri, displayUri: 'in-process IPP simulator', ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}) });
    const simulated = {
      kind: 'documentPrinter' as const,
      simulator,
      get plugged() {
        return !simulator.poweredOff;
      },
      unplug: () => simulator.setPower(false),
      replug: () => simulator.setPower(true),
    };
    return { id, spec, driver, simulated };
  }

  private driverFor(id: string, kind: DeviceKind, link: ByteLink): AnyDriver {
    const log = this.options.log;
    const poll = this.options.pollIntervalMs;
    switch (kind) {
      case 'idCardReader':
        return new IdCardReader(link, { id, pollIntervalMs: poll?.idReader, log: (entry) => log?.('id-reader', { device: id, ...entry }) });
      case 'qrScanner':
        return new QrScanner(link, { id, log: (entry) => log?.('scanner', { device: id, ...entry }) });
      case 'receiptPrinter':
        return new ReceiptPrinter({ id, link, pollIntervalMs: poll?.printers });
      case 'cardPrinter':
        return new CardPrinter({ id, link, pollIntervalMs: poll?.printers });
      case 'ocrReader':
        return new OcrReader(link, { id, log: (entry) => log?.('ocr-reader', { device: id, ...entry }) });
      case 'contactlessReader':
        throw new Error('a contactless reader has no serial link');
      case 'documentPrinter':
        throw new Error(`devices.${id}: the A4 printer has no serial link`);
    }
  }

  private simulatorFor(
    kind: DeviceKind,
    link: ByteLink,
    options: { baudRate: number; paced: boolean; write: (bytes: Uint8Array) => Promise<unknown> },
  ): SimulatorOf {
    switch (kind) {
      case 'idCardReader': {
        const simulator = new IdReaderSimulator(link, { baudRate: options.baudRate, paced: options.paced });
        this.simulatorStarts.push(() => simulator.start());
        this.simulatorStops.push(() => simulator.stop());
        return { kind, simulator };
      }
      case 'qrScanner': {
        const simulator = new ScannerSimulator(link, { baudRate: options.baudRate, paced: options.paced });
        this.simulatorStarts.push(() => simulator.start());
        this.simulatorStops.push(() => simulator.stop());
        return { kind, simulator };
      }
      case 'receiptPrinter': {
        const simulator = new ReceiptPrinterSimulator(link, { write: options.write });
        this.simulatorStarts.push(() => simulator.start());
        this.simulatorStops.push(() => simulator.dispose());
        return { kind, simulator };
      }
      case 'cardPrinter': {
        const simulator = new CardPrinterSimulator(link, { write: options.write });
        this.simulatorStarts.push(() => simulator.start());
        this.simulatorStops.push(() => simulator.dispose());
        return { kind, simulator };
      }
      case 'ocrReader': {
        const simulator = new OcrReaderSimulator(link, { baudRate: options.baudRate, paced: options.paced });
        this.simulatorStarts.push(() => simulator.start());
        this.simulatorStops.push(() => simulator.stop());
        return { kind, simulator };
      }
      case 'contactlessReader':
        throw new Error('a contactless reader has no serial simulator');
      case 'documentPrinter':
        throw new Error('the A4 printer simulator is an IPP server, not a serial simulator');
    }
  }
}
