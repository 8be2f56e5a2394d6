import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createLinkPair } from '../link/memory-link';
import { receipt } from './escpos';
import { ReceiptPrinterSimulator } from './simulator';
import { decodeRealTimeStatus } from './status';

const cleanups: (() => void)[] = [];
/** Lets in-memory deliveries and replies run: each hop is one setImmediate, a few rounds cover write → parse → reply → deliver. */
const flush = async () => {
  for (let i = 0; i < 6; i++) await new Promise((r) => setImmediate(r));
};
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function setup() {
  const pair = createLinkPair();
  const sim = new ReceiptPrinterSimulator(pair.device, { partialCommandTimeoutMs: 50 });
  await sim.start();
  await pair.host.open();
  const received: number[] = [];
  pair.host.on('data', (chunk) => received.push(...chunk));
  cleanups.push(() => sim.dispose());
  const send = async (bytes: Uint8Array | number[]) => {
    await pair.host.write(Uint8Array.from(bytes));
    await flush();
  };
  return { pair, sim, received, send };
}

describe('ReceiptPrinterSimulator', () => {
  it('models printed lines with bold, size, alignment, QR and barcode, and cut marks', async () => {
    const { sim, send } = await setup();
    await send(
      receipt()
        .init()
        .align('center')
        .bold(true)
        .size({ width: 2, height: 2 })
        .line('受理回执')
        .align('right')
        .bold(false)
        .size({ width: 1, height: 1 })
        .text('A')
        .bold(true)
        .line('B')
        .qr('二维码', { moduleSize: 4 })
        .barcode('X1', { height: 40 })
        .cut('full')
        .build(),
    );
    const r = sim.receipts().at(-1);
    expect(r?.interrupted).toBeUndefined();
    expect(r?.lines[0]).toEqual({
      kind: 'text',
      align: 'center',
      runs: [{ text: '受理回执', bold: true, width: 2, height: 2 }],
    });
    expect(r?.lines[1]).toEqual({
      kind: 'text',
      align: 'right',
      runs: [
        { text: 'A', bold: false, width: 1, height: 1 },
        { text: 'B', bold: true, width: 1, height: 1 },
      ],
    });
    expect(r?.lines[2]).toMatchObject({ kind: 'qr', payload: '二维码', moduleSize: 4, errorLevel: 'M' });
    expect(r?.lines[3]).toMatchObject({ kind: 'barcode', symbology: 'CODE128', data: 'X1', height: 40 });
    expect(r?.lines[4]).toEqual({ kind: 'cut', mode: 'full' });
  });

  it('answers DLE EOT from its state, and consumes paper line by line', async () => {
    const { sim, send, received } = await setup();
    sim.setPaper({ remainingLines: 102 });
    await send([0x10, 0x04, 0x04]);
    expect(decodeRealTimeStatus(4, received.at(-1) ?? 0)).toEqual({ paperNearEnd: false, paperOut: false });
    await send(receipt().line('1').line('2').line('3').build());
    expect(sim.remainingLines()).toBe(99);
    await send([0x10, 0x04, 0x04]);
    expect(decodeRealTimeStatus(4, received.at(-1) ?? 0)).toEqual({ paperNearEnd: true, paperOut: false });
  });

  it('stops when paper runs out mid-job: the rest is lost, even after reloading', async () => {
    const { sim, send, received } = await setup();
    sim.setPaper({ remainingLines: 2 });
    await send(receipt().init().line('one').line('two').line('three').line('four').cut().build());
    expect(sim.receipts().at(-1)).toEqual({
      lines: [
        { kind: 'text', align: 'left', runs: [{ text: 'one', bold: false, width: 1, height: 1 }] },
        { kind: 'text', align: 'left', runs: [{ text: 'two', bold: false, width: 1, height: 1 }] },
      ],
      interrupted: 'paperOut',
    });
    await send([0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);
    expect(decodeRealTimeStatus(2, received.at(-2) ?? 0)).toMatchObject({ paperEndStop: true });
    expect(decodeRealTimeStatus(4, received.at(-1) ?? 0)).toMatchObject({ paperOut: true });
    sim.reload();
    await send(receipt().line('next').cut().build());
    expect(sim.receipts()).toHaveLength(2);
    expect(sim.receipts().at(-1)?.lines[0]).toMatchObject({ runs: [{ text: 'next' }] });
  });

  it('does not print while the cover is open, and reports it', async () => {
    const { sim, send, received } = await setup();
    sim.openCover();
    await send(receipt().line('lost').cut().build());
    expect(sim.receipts()).toEqual([]);
    await send([0x10, 0x04, 0x02]);
    expect(decodeRealTimeStatus(2, received.at(-1) ?? 0)).toMatchObject({ coverOpen: true });
    sim.closeCover();
    await send(receipt().line('kept').cut().build());
    expect(sim.receipts()).toHaveLength(1);
  });

  it('a cutter failing on the next cut leaves the receipt uncut and reports an autocutter error', async () => {
    const { sim, send, received } = await setup();
    sim.setCutterError('nextCut');
    await send(receipt().line('x').cut().build());
    expect(sim.receipts().at(-1)?.interrupted).toBe('cutterError');
    await send([0x10, 0x04, 0x03]);
    expect(decodeRealTimeStatus(3, received.at(-1) ?? 0)).toMatchObject({ cutterError: true });
  });

  it('sends ASB blocks when enabled, only when the status changes', async () => {
    const { sim, send, received } = await setup();
    await send([0x1d, 0x61, 0xff]);
    expect(received).toEqual([0x10, 0x00, 0x00, 0x00]);
    sim.openCover();
    sim.openCover();
    await flush();
    expect(received.slice(4)).toEqual([0x38, 0x00, 0x00, 0x00]);
  });

  it('is silent when powered off', async () => {
    const { sim, send, received } = await setup();
    sim.setPowered(false);
    await send([0x10, 0x04, 0x01]);
    expect(received).toEqual([]);
  });

  it('survives random bytes on the wire and prints the next job after an idle gap', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (garbage) => {
        const { sim, send } = await setup();
        await send(garbage);
        await new Promise((r) => setTimeout(r, 60)); // > partialCommandTimeoutMs
        sim.reload();
        await send(receipt().init().line('回执 ok').cut().build());
        // garbage may have fed blank lines onto the same (uncut) receipt; the job's line is right before its cut
        expect(sim.receipts().at(-1)?.lines.at(-2)).toMatchObject({ kind: 'text', runs: [{ text: '回执 ok' }] });
        expect(sim.receipts().at(-1)?.lines.at(-1)).toEqual({ kind: 'cut', mode: 'partial' });
        sim.dispose();
      }),
      { numRuns: 25 },
    );
  });
});
