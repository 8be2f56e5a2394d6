/**
 * Framer: the one shape of every protocol framer in the device layer (the ID reader's frames, the
 * scanner's and the OCR reader's lines, the receipt printer's status bytes, the card printer's
 * replies and commands). Like node-serialport's parsers it has one job — bytes in, complete frames
 * out — and is tested by writing chunks in and reading frames out:
 *
 *   write(chunk)    feeds bytes, split anywhere; never throws; garbage is dropped and the framer
 *                   resynchronises on its own
 *   onFrame(fn)     every complete frame, in order (also frames a timer completes, e.g. after a
 *                   stalled partial frame is dropped)
 *   push(chunk)     write, returning the frames that chunk completed (for synchronous callers)
 *   reset()         forgets a partial frame (the link dropped or reopened)
 *
 * Not a stream.Transform: a listener that throws would destroy a stream for good and silence the
 * device; here it is isolated, and there is no buffering or tick between a byte and its frame.
 */
import { Emitter } from './emitter';

export abstract class Framer<F> {
  private readonly frames = new Emitter<{ frame: (frame: F) => void }>();

  /** Feeds one chunk of bytes. */
  abstract write(chunk: Uint8Array): void;

  /** Forgets any partial frame. */
  abstract reset(): void;

  /** Adds a frame listener; returns its remover. */
  onFrame(listener: (frame: F) => void): () => void {
    return this.frames.on('frame', listener);
  }

  /** Writes `chunk` and returns the frames it completed. */
  push(chunk: Uint8Array): F[] {
    const completed: F[] = [];
    const off = this.onFrame((frame) => completed.push(frame));
    try {
      this.write(chunk);
    } finally {
      off();
    }
    return completed;
  }

  protected emitFrame(frame: F): void {
    this.frames.emit('frame', frame);
  }
}

/** A framer whose frames come straight out of each chunk (no timer): it only says how to parse one. */
export abstract class ChunkFramer<F> extends Framer<F> {
  /** Parses one chunk, keeping a partial frame for the next; returns the frames it completed. */
  protected abstract parse(chunk: Uint8Array): F[];

  override write(chunk: Uint8Array): void {
    for (const frame of this.parse(chunk)) this.emitFrame(frame);
  }
}
