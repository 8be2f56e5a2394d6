/**
 * IdFrameParser: a Transform stream that turns raw serial bytes into complete ID-reader frames
 * (object mode out, one Buffer per frame, preamble through checksum).
 *
 * It scans for the preamble, reads the big-endian LEN, waits for 7+LEN bytes and verifies the XOR;
 * a bad checksum or an impossible LEN drops one byte and rescans, so it resynchronises after any
 * garbage. The buffer is bounded by the protocol's largest frame. A partial frame that stops
 * growing for `staleMs` is treated as garbage too (a corrupt LEN must not swallow later replies).
 */
import { Transform, type TransformCallback } from 'node:stream';
import { HEADER_SIZE, MAX_LEN, MIN_LEN, PREAMBLE, xorChecksum } from './frame';

export interface IdFrameParserOptions {
  /** Drop a stalled partial frame after this many ms of silence; 0 disables. Default 100. */
  staleMs?: number;
}

export interface IdFrameParserEvents {
  /** A frame with a plausible header failed its checksum (a simulator answers status 10). */
  checksumError: () => void;
}

/** Frames the ID-reader protocol; see the module comment. Emits 'checksumError' for bad frames. */
export class IdFrameParser extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  private staleTimer: NodeJS.Timeout | undefined;
  private readonly staleMs: number;
  /** Bytes discarded while resynchronising (for diagnostics). */
  droppedBytes = 0;

  constructor(options: IdFrameParserOptions = {}) {
    super({ readableObjectMode: true });
    this.staleMs = options.staleMs ?? 100;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    this.drain();
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.reset();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.reset();
    callback(error);
  }

  /** Forgets any partial frame (e.g. after the link dropped). */
  reset(): void {
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
        this.emit('checksumError');
        this.discard(1);
        continue;
      }
      this.push(Buffer.from(this.buffer.subarray(0, size)));
      this.buffer = this.buffer.subarray(size);
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
    if (count <= 0) return;
    this.droppedBytes += count;
    this.buffer = this.buffer.subarray(count);
  }
}

/** Length of the longest suffix of `buffer` that is a proper prefix of the preamble. */
function partialPreambleTail(buffer: Buffer): number {
  for (let n = Math.min(PREAMBLE.length - 1, buffer.length); n > 0; n--) {
    if (buffer.subarray(buffer.length - n).equals(PREAMBLE.subarray(0, n))) return n;
  }
  return 0;
}
