import { describe, expect, it } from 'vitest';
import { sameStatus } from './device-base';
import { Emitter } from './emitter';
import { Framer } from './framer';
import { JobQueue } from './job-queue';
import { commandSignal, sleep } from './timing';

describe('Emitter', () => {
  it('isolates a throwing listener, reports it, and removes listeners by their remover', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<{ data: (chunk: number, more: string) => void }>((error) => errors.push(error));
    const seen: string[] = [];
    emitter.on('data', () => {
      throw new Error('broken listener');
    });
    const off = emitter.on('data', (chunk, more) => seen.push(`${chunk}${more}`));
    emitter.emit('data', 1, 'a');
    expect(seen).toEqual(['1a']);
    expect(errors).toHaveLength(1);
    off();
    emitter.emit('data', 2, 'b');
    expect(seen).toEqual(['1a']);
    expect(errors).toHaveLength(2);
    emitter.clear();
    emitter.emit('data', 3, 'c');
    expect(errors).toHaveLength(2);
  });
});

describe('sleep and commandSignal', () => {
  it('sleeps the full time, or stops early on abort or wake', async () => {
    expect(await sleep(5)).toBe(true);
    const controller = new AbortController();
    const aborted = sleep(10_000, controller.signal);
    controller.abort();
    expect(await aborted).toBe(false);
    expect(await sleep(10, controller.signal)).toBe(false);
    expect(await sleep(10_000, undefined, Promise.resolve())).toBe(false);
  });

  it('tells a timeout from a cancel and clears its listeners', async () => {
    const timed = commandSignal(5);
    await sleep(20);
    expect([timed.signal.aborted, timed.timedOut()]).toEqual([true, true]);
    timed.dispose();
    const caller = new AbortController();
    const canceled = commandSignal(10_000, caller.signal, undefined);
    caller.abort();
    expect([canceled.signal.aborted, canceled.timedOut()]).toEqual([true, false]);
    canceled.dispose();
    expect(commandSignal(10_000, caller.signal).signal.aborted).toBe(true); // already aborted
  });
});

describe('JobQueue', () => {
  it('runs jobs one at a time in order, and a failing job does not stop the next', async () => {
    const queue = new JobQueue();
    const order: string[] = [];
    const a = queue.run(async () => {
      order.push('a-start');
      await sleep(10);
      order.push('a-end');
    });
    const b = queue
      .run(async () => {
        throw new Error('b failed');
      })
      .catch((error: Error) => error.message);
    const c = queue.run(async () => order.push('c'));
    await sleep(1);
    expect(queue.busy).toBe(true);
    await a;
    expect(await b).toBe('b failed');
    await c;
    expect(order).toEqual(['a-start', 'a-end', 'c']);
    expect(queue.busy).toBe(false);
  });
});

describe('Framer', () => {
  class Pairs extends Framer<string> {
    private pending: number | undefined;
    write(chunk: Uint8Array): void {
      for (const byte of chunk) {
        if (this.pending === undefined) this.pending = byte;
        else {
          this.emitFrame(String.fromCharCode(this.pending, byte));
          this.pending = undefined;
        }
      }
    }
    reset(): void {
      this.pending = undefined;
    }
  }

  it('delivers frames to listeners and returns the frames a chunk completed', () => {
    const framer = new Pairs();
    const heard: string[] = [];
    framer.onFrame((frame) => heard.push(frame));
    expect(framer.push(Buffer.from('abc'))).toEqual(['ab']);
    expect(framer.push(Buffer.from('d'))).toEqual(['cd']);
    framer.write(Buffer.from('e'));
    framer.reset();
    expect(framer.push(Buffer.from('fg'))).toEqual(['fg']);
    expect(heard).toEqual(['ab', 'cd', 'fg']);
  });
});

describe('sameStatus', () => {
  it('compares field by field; a missing and an undefined detail are the same', () => {
    expect(
      sameStatus({ kind: 'qrScanner', device: 'online' }, { kind: 'qrScanner', device: 'online', detail: undefined }),
    ).toBe(true);
    expect(sameStatus({ kind: 'qrScanner', device: 'online' }, { kind: 'qrScanner', device: 'offline' })).toBe(false);
  });
});
