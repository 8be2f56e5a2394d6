/**
 * IdFrameParser: turns raw serial bytes into complete ID-reader frames (one Buffer per frame,
 * preamble through checksum); a Framer (devices/shared/framer.ts).
 *
 * It scans for the preamble, reads the big-endian LEN, waits for 7+LEN bytes and verifies the XOR;
 * a bad checksum or an impossible LEN drops one byte and rescans, so it resynchronises after any
 * garbage. The buffer is bounded by the protocol's largest frame. A partial frame that stops
 * growing for `staleMs` is treated as garbage too (a corrupt LEN must not swallow later replies).
 */
import { Emitter } from '../shared/emitter';
import { Framer } from '../shared/framer';
import { HEADER_SIZE, MAX_LEN, MIN_LEN, PREAMBLE, xorChecksum } from './frame';

export interface IdFrameParserOptions {
  /** Drop a stalled partial frame after this many ms of silence; 0 disables. Default 100. */
  staleMs?: number;
}

/** Frames the ID-reader protocol; see the module comment. */
export class IdFrameParser extends Framer<Buffer> {
  private buffer: Buffer = Buffer.alloc(0);
  private staleTimer: NodeJS.Timeout | undefined;
  private readonly staleMs: number;
  private readonly checksumErrors = new Emitter<{ checksumError: () => void }>();

  constructor(options: IdFrameParserOptions = {}) {
    super();
    this.staleMs = options.staleMs ?? 100;
  }

  /** A frame with a plausible header failed its checksum (a simulator answers status 10). */
  onChecksumError(listener: () => void): () => void {
    return this.checksumErrors.on('checksumError', listener);
  }

  override write(chunk: Uint8Array): void {
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    this.drain();
  }

  /** Forgets any partial frame (e.g. after the link dropped) and its stale timer. */
  override reset(): void {
    clearTimeout(this.staleTimer);
    this.staleTimer = undefined;
    this.buffer = Buffer.alloc(0);
  }

  private drain(): void {
    clearTimeout(this.staleTimer);
    this.staleTimer = undefined;
    for (;;) {
      const start = this.buffer.indexOf(PREAMBLE);
      if (start < 0) {
        // Keep only a tail that could be the start of a preamble.
        this.discard(this.buffer.length - partialPreambleTail(this.buffer));
        return;
      }
      this.discard(start);
      if (this.buffer.length < HEADER_SIZE) break;
      const len = this.buffer.readUInt16BE(5);
      if (len < MIN_LEN || len > MAX_LEN) {
        this.discard(1);
        continue;
      }
      const size = HEADER_SIZE + len;
      if (this.buffer.length < size) break;
      if (xorChecksum(this.buffer, 5, size - 1) !== this.buffer[size - 1]) {
        this.checksumErrors.emit('checksumError');
        this.discard(1);
        continue;
      }
      const frame = Buffer.from(this.buffer.subarray(0, size));
      this.buffer = this.buffer.subarray(size);
      this.emitFrame(frame);
    }
    if (this.buffer.length > 0 && this.staleMs > 0) {
      this.staleTimer = setTimeout(() => {
        this.staleTimer = undefined;
        this.discard(1);
        this.drain();
      }, this.staleMs);
    }
  }

  private discard(count: number): void {
    if (count > 0) this.buffer = this.buffer.subarray(count);
  }
}

/** Length of the longest suffix of `buffer` that is a proper prefix of the preamble. */
function partialPreambleTail(buffer: Buffer): number {
  for (let n = Math.min(PREAMBLE.length - 1, buffer.length); n > 0; n--) {
    if (buffer.subarray(buffer.length - n).equals(PREAMBLE.subarray(0, n))) return n;
  }
  return 0;
}
