/**
 * OcrReader: the reader's OCR window for a permit's OCR line, kind `ocrReader`. Like common serial
 * MRZ readers it sends the recognised text followed by CR; the driver frames lines with the scanner's
 * line framer, normalises them and emits `ocrLine` with the parsed line, or `ocrRejected` with the
 * check-digit problem (a misread). Logs carry the masked document number only.
 */
import { maskPermitNumber, parseOcrLine, type OcrProblem, type PermitOcrLine } from '../../contract/permit-ocr';
import type { ByteLink } from '../link';
import { Listeners } from '../link/listeners';
import { ScanLineParser } from '../scanner/line-framer';
import type { Device, DeviceEvent, DeviceIdentity, DeviceListeners, StatusOf } from '../types';

export type OcrReaderEvent =
  | DeviceEvent<'ocrLine', PermitOcrLine>
  | DeviceEvent<'ocrRejected', { problem: OcrProblem | { kind: 'incomplete'; index: number }; length: number }>;

type OcrStatus = StatusOf<'ocrReader'>;

export interface OcrReaderOptions {
  id?: string;
  log?: (entry: { event: string; detail?: string }) => void;
}

export class OcrReader implements Device<'ocrReader', OcrReaderEvent> {
  private readonly listeners = new Listeners<DeviceListeners<'ocrReader', OcrReaderEvent>>();
  private readonly parser = new ScanLineParser({ maxLength: 128 });
  private current: OcrStatus = { kind: 'ocrReader', device: 'noDevice' };
  private running = false;
  private offLink: (() => void)[] = [];
  private readonly id: string;
  private readonly log: NonNullable<OcrReaderOptions['log']>;

  constructor(
    private readonly link: ByteLink,
    options: OcrReaderOptions = {},
  ) {
    this.id = options.id ?? 'ocrReader';
    this.log = options.log ?? (() => undefined);
    this.parser.on('data', (text: string) => this.onLine(text));
  }

  get identity(): DeviceIdentity & { kind: 'ocrReader' } {
    return { id: this.id, kind: 'ocrReader', driver: 'serial-line', port: this.link.path };
  }

  status(): OcrStatus {
    return { ...this.current };
  }

  on<L extends keyof DeviceListeners<'ocrReader', OcrReaderEvent>>(
    name: L,
    listener: DeviceListeners<'ocrReader', OcrReaderEvent>[L],
  ): () => void {
    return this.listeners.on(name, listener);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.offLink = [
      this.link.on('data', (chunk) => this.parser.write(chunk)),
      this.link.on('open', () => this.setStatus({ device: 'online' })),
      this.link.on('close', (error) =>
        this.setStatus({ device: 'offline', detail: `link lost: ${error?.message ?? 'closed'}`.slice(0, 200) }),
      ),
    ];
    await this.link.open().catch(() => undefined);
    if (this.link.state === 'open') this.setStatus({ device: 'online' });
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const off of this.offLink.splice(0)) off();
    await this.link.close().catch(() => undefined);
    this.setStatus({ device: 'offline', detail: 'driver stopped' });
  }

  private onLine(text: string): void {
    const parsed = parseOcrLine(text);
    const at = new Date();
    if (parsed.ok) {
      this.log({
        event: 'ocr.line',
        detail: `${parsed.value.documentCode} ${maskPermitNumber(parsed.value.documentNumber)}`,
      });
      this.listeners.emit('event', { name: 'ocrLine', solicited: false, data: parsed.value, at });
    } else {
      this.log({ event: 'ocr.rejected', detail: `${parsed.error.kind} at ${parsed.error.index}` });
      this.listeners.emit('event', {
        name: 'ocrRejected',
        solicited: false,
        data: { problem: parsed.error, length: text.length },
        at,
      });
    }
  }

  private setStatus(patch: Partial<Omit<OcrStatus, 'kind'>>): void {
    const next: OcrStatus = { ...this.current, ...patch };
    if (next.device === 'online') delete next.detail;
    if (next.device === this.current.device && next.detail === this.current.detail) return;
    this.current = next;
    this.listeners.emit('status', { ...next });
  }
}
