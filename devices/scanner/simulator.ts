/**
 * ScannerSimulator: the device side of a serial QR scanner. scan(text) sends the text and a CR at
 * the wire rate, like a scanner configured for the "CR suffix" mode.
 */
import type { ByteLink } from '../link';
import { createPacedWriter, type PacedWriter } from '../link/paced-writer';

export interface ScannerSimulatorOptions {
  baudRate?: number;
  paced?: boolean;
  /** Line terminator the scanner appends. Default CR. */
  terminator?: '\r' | '\r\n';
}

/** Simulated serial QR scanner; see the module comment. */
export class ScannerSimulator {
  private readonly writer: PacedWriter;
  private readonly terminator: string;

  constructor(
    private readonly link: ByteLink,
    options: ScannerSimulatorOptions = {},
  ) {
    this.writer = createPacedWriter(link, { baudRate: options.baudRate ?? 9600, paced: options.paced ?? true });
    this.terminator = options.terminator ?? '\r';
  }

  /** Opens the simulator's end of the link. */
  async start(): Promise<void> {
    await this.link.open();
  }

  /** Cancels pending output and closes the link. */
  async stop(): Promise<void> {
    this.writer.cancel();
    await this.link.close();
  }

  /** Sends one scan (UTF-8 text + terminator); resolves false if the link was down. */
  scan(text: string): Promise<boolean> {
    return this.writer.write(Buffer.from(text + this.terminator, 'utf8'));
  }

  /** Sends raw bytes (line noise, a partial scan). */
  injectGarbage(bytes: Uint8Array): Promise<boolean> {
    return this.writer.write(bytes);
  }
}
