/**
 * OcrReaderSimulator: the device side of a serial OCR/MRZ reader. When a card is laid on the window
 * it sends the OCR line's text and a CR at the wire rate; `misread` sends a line with one character
 * wrong, as a smudged card gives.
 */
import type { ByteLink } from '../link';
import { createPacedWriter, type PacedWriter } from '../link/paced-writer';

export class OcrReaderSimulator {
  private readonly writer: PacedWriter;

  constructor(
    private readonly link: ByteLink,
    options: { baudRate?: number; paced?: boolean } = {},
  ) {
    this.writer = createPacedWriter(link, { baudRate: options.baudRate ?? 9600, paced: options.paced ?? true });
  }

  async start(): Promise<void> {
    await this.link.open();
  }

  async stop(): Promise<void> {
    this.writer.cancel();
    await this.link.close();
  }

  /** The OCR window reads `line` (resolves false when the link is down). */
  read(line: string): Promise<boolean> {
    return this.writer.write(Buffer.from(`${line}\r`, 'ascii'));
  }

  /** Sends the line with the character at `index` replaced (a misread). */
  misread(line: string, index = 5): Promise<boolean> {
    const wrong = line[index] === '7' ? '1' : '7';
    return this.read(line.slice(0, index) + wrong + line.slice(index + 1));
  }
}
