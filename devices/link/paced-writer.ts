/**
 * Writes bytes at the pace of a real UART line (default 10 bits per byte: 8N1).
 *
 * A pseudo-terminal or in-memory link delivers a 1.3 kB reply instantly; a real reader at 115200
 * baud takes ~112 ms. Simulators pace their replies with this so latency figures and timeouts are
 * realistic. Bytes are handed to the link in small slices, each one only once all of its bytes
 * would have arrived on a real wire; the schedule uses absolute times so timer slack does not drift.
 */
import type { ByteLink } from '../link';

export interface PacedWriterOptions {
  baudRate: number;
  /** Bits on the wire per byte: 10 for 8N1 (start + 8 data + stop). */
  bitsPerByte?: number;
  /** false: write immediately (unit tests). */
  paced?: boolean;
  /** Time slice per timer tick; bytes are released in slices of this duration. */
  sliceMs?: number;
}

export interface PacedWriter {
  /** Queues bytes behind earlier writes; resolves true when all were written, false when the link failed or cancel() was called. */
  write(bytes: Uint8Array): Promise<boolean>;
  /** Drops everything queued and clears timers. */
  cancel(): void;
}

/** Wire time in milliseconds for `byteCount` bytes at `baudRate`. */
export function wireTimeMs(byteCount: number, baudRate: number, bitsPerByte = 10): number {
  return (byteCount * bitsPerByte * 1000) / baudRate;
}

/** Creates a writer that paces bytes onto `link` at the wire rate; see the module comment. */
export function createPacedWriter(link: ByteLink, options: PacedWriterOptions): PacedWriter {
  const bitsPerByte = options.bitsPerByte ?? 10;
  const paced = options.paced ?? true;
  const sliceMs = options.sliceMs ?? 2;
  const bytesPerMs = options.baudRate / bitsPerByte / 1000;
  const sliceBytes = Math.max(1, Math.floor(bytesPerMs * sliceMs));
  let wireFreeAt = 0;
  let tail: Promise<boolean> = Promise.resolve(true);
  let generation = 0;
  let timer: NodeJS.Timeout | undefined;
  let wakeSleeper: (() => void) | undefined;

  const sleepUntil = (at: number, gen: number) =>
    new Promise<boolean>((resolve) => {
      const delay = at - performance.now();
      if (delay <= 0) return resolve(gen === generation);
      wakeSleeper = () => resolve(false);
      timer = setTimeout(() => {
        timer = undefined;
        wakeSleeper = undefined;
        resolve(gen === generation);
      }, delay);
    });

  const send = async (bytes: Uint8Array, gen: number): Promise<boolean> => {
    if (gen !== generation) return false;
    if (!paced)
      return link.write(bytes).then(
        () => true,
        () => false,
      );
    let sentAt = Math.max(performance.now(), wireFreeAt);
    for (let offset = 0; offset < bytes.length; offset += sliceBytes) {
      const slice = bytes.subarray(offset, Math.min(bytes.length, offset + sliceBytes));
      const arrivesAt = sentAt + slice.length / bytesPerMs;
      if (!(await sleepUntil(arrivesAt, gen))) return false;
      try {
        await link.write(slice);
      } catch {
        return false;
      }
      sentAt = arrivesAt;
      wireFreeAt = arrivesAt;
    }
    return true;
  };

  return {
    write(bytes) {
      const gen = generation;
      const copy = Uint8Array.from(bytes);
      const result = tail.then(() => send(copy, gen));
      tail = result;
      return result;
    },
    cancel() {
      generation++;
      clearTimeout(timer);
      timer = undefined;
      wakeSleeper?.();
      wakeSleeper = undefined;
      wireFreeAt = 0;
    },
  };
}
