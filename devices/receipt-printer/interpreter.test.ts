import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { receipt } from './escpos';
import { EscPosInterpreter, type EscPosOp } from './interpreter';

const doc = () =>
  receipt()
    .init()
    .align('center')
    .bold(true)
    .size({ width: 2, height: 2 })
    .text('临时身份证 受理回执')
    .newline()
    .size({ width: 1, height: 1 })
    .bold(false)
    .line('No. TID-000123 𠀀') // a 4-byte GB18030 character
    .qr('https://例子.cn/?id=1', { moduleSize: 5, errorLevel: 'H' })
    .barcode('TID000123', { height: 50 })
    .cut('partial')
    .build();

const textOf = (ops: EscPosOp[]) =>
  ops.flatMap((o) => (o.op === 'text' ? [o.text] : o.op === 'newline' ? ['\n'] : [])).join('');

describe('EscPosInterpreter', () => {
  it('interprets a whole document', () => {
    const ops = new EscPosInterpreter().push(doc());
    expect(textOf(ops)).toBe('临时身份证 受理回执\nNo. TID-000123 𠀀\n');
    expect(ops).toContainEqual({ op: 'size', width: 2, height: 2 });
    expect(ops).toContainEqual({ op: 'qrErrorLevel', level: 'H' });
    const store = ops.find((o) => o.op === 'qrStore');
    expect(store && store.op === 'qrStore' && new TextDecoder().decode(store.data)).toBe('https://例子.cn/?id=1');
    expect(ops.at(-1)).toEqual({ op: 'cut', mode: 'partial', feedDots: 0 });
  });

  it('gives the same operations whatever the chunking (commands and characters split across chunks)', () => {
    const bytes = doc();
    const whole = new EscPosInterpreter().push(bytes);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 30 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const interp = new EscPosInterpreter();
        const ops: EscPosOp[] = [];
        let from = 0;
        for (const p of [...points, bytes.length]) {
          ops.push(...interp.push(bytes.subarray(from, p)));
          from = p;
        }
        // text runs may be split in several ops; compare everything else exactly and text joined
        expect(textOf(ops)).toBe(textOf(whole));
        expect(ops.filter((o) => o.op !== 'text')).toEqual(whole.filter((o) => o.op !== 'text'));
      }),
    );
  });

  it('skips unknown and image commands by their lengths', () => {
    const raster = [0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 0x0a, 0x0a, 0x0a, 0x0a]; // 2x2 bytes of 0x0A data
    const ops = new EscPosInterpreter().push(
      Uint8Array.from([...raster, 0x1b, 0x70, 0, 25, 250, 0x1b, 0x99, 0x41, 0x0a]),
    );
    expect(ops.filter((o) => o.op === 'newline')).toHaveLength(1); // the LF bytes inside the image are data
    expect(textOf(ops)).toBe('A\n');
  });

  it('answers DLE EOT as an operation even between halves of another command', () => {
    const interp = new EscPosInterpreter();
    expect(interp.push(Uint8Array.of(0x10, 0x04))).toEqual([]);
    expect(interp.push(Uint8Array.of(0x04))).toEqual([{ op: 'realTimeStatus', n: 4 }]);
  });

  it('never throws on arbitrary bytes and prints a following job after an idle gap', () => {
    const job = receipt().init().line('受理回执 OK').cut('full').build();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (garbage) => {
        const interp = new EscPosInterpreter();
        interp.push(garbage);
        interp.discardPartial(); // what the simulator does after its idle timeout
        const ops = interp.push(job);
        const afterInit = ops.slice(ops.findIndex((o) => o.op === 'init'));
        expect(afterInit[0]).toEqual({ op: 'init' });
        expect(textOf(afterInit)).toBe('受理回执 OK\n');
        expect(afterInit.at(-1)).toEqual({ op: 'cut', mode: 'full', feedDots: 0 });
      }),
      { numRuns: 300 },
    );
  });
});
