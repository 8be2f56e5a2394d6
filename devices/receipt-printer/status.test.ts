import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  StatusFramer,
  decodeAsbBlock,
  decodeRealTimeStatus,
  encodeAsbBlock,
  encodeRealTimeStatus,
  factsFromRealTime,
  notReadyCause,
  statusFromFacts,
  type PrinterFacts,
} from './status';

describe('DLE EOT replies', () => {
  it('decodes the documented bits and rejects bytes without the fixed pattern', () => {
    expect(decodeRealTimeStatus(1, 0x12)).toEqual({ offline: false });
    expect(decodeRealTimeStatus(1, 0x1a)).toEqual({ offline: true });
    expect(decodeRealTimeStatus(2, 0x16)).toEqual({ coverOpen: true, paperEndStop: false, error: false });
    expect(decodeRealTimeStatus(2, 0x32)).toEqual({ coverOpen: false, paperEndStop: true, error: false });
    expect(decodeRealTimeStatus(3, 0x1a)).toMatchObject({ cutterError: true });
    expect(decodeRealTimeStatus(4, 0x1e)).toEqual({ paperNearEnd: true, paperOut: false });
    expect(decodeRealTimeStatus(4, 0x72)).toEqual({ paperNearEnd: false, paperOut: true });
    for (const garbage of [0x00, 0xff, 0x13, 0x92, 0x02, 0x10])
      expect(decodeRealTimeStatus(1, garbage)).toBeUndefined();
  });

  it('round-trips facts through the four replies', () => {
    fc.assert(
      fc.property(
        fc.record({
          offline: fc.boolean(),
          coverOpen: fc.boolean(),
          paperEndStop: fc.boolean(),
          error: fc.boolean(),
          cutterError: fc.boolean(),
          recoverableError: fc.boolean(),
          unrecoverableError: fc.boolean(),
          paperNearEnd: fc.boolean(),
          paperOut: fc.boolean(),
        }),
        (facts: PrinterFacts) => {
          const replies = ([1, 2, 3, 4] as const).map((n) => encodeRealTimeStatus(n, facts));
          expect(factsFromRealTime(replies)).toEqual(facts);
        },
      ),
    );
  });
});

describe('ASB blocks', () => {
  it('decodes cover open / paper low / cutter error and round-trips', () => {
    const facts = decodeAsbBlock(Uint8Array.of(0x38, 0x08, 0x03, 0x00));
    expect(facts).toMatchObject({
      offline: true,
      coverOpen: true,
      cutterError: true,
      paperNearEnd: true,
      paperOut: false,
    });
    expect(decodeAsbBlock(encodeAsbBlock({ paperOut: true }))).toMatchObject({ paperOut: true, coverOpen: false });
    expect(decodeAsbBlock(Uint8Array.of(0x12, 0, 0, 0))).toBeUndefined(); // that is a DLE EOT reply, not a header
    expect(decodeAsbBlock(Uint8Array.of(0x10, 0x90, 0, 0))).toBeUndefined();
  });
});

describe('StatusFramer', () => {
  it('separates real-time replies, ASB blocks and garbage, across chunk boundaries', () => {
    const framer = new StatusFramer();
    const wire = Uint8Array.of(0xff, 0x12, 0x00, 0x30, 0x00, 0x0c, 0x00, 0x16, 0x80);
    const frames = [...framer.push(wire.slice(0, 4)), ...framer.push(wire.slice(4))];
    expect(frames).toEqual([
      { kind: 'realTime', byte: 0x12 },
      {
        kind: 'asb',
        facts: expect.objectContaining({ coverOpen: true, paperOut: true }),
        bytes: Uint8Array.of(0x30, 0x00, 0x0c, 0x00),
      },
      { kind: 'realTime', byte: 0x16 },
    ]);
  });

  it('drops a broken ASB block and looks at the breaking byte again', () => {
    const framer = new StatusFramer();
    expect(framer.push(Uint8Array.of(0x10, 0x00, 0x12))).toEqual([{ kind: 'realTime', byte: 0x12 }]);
  });

  it('never throws on arbitrary bytes and still frames a valid reply afterwards', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (garbage) => {
        const framer = new StatusFramer();
        framer.push(garbage);
        // at most 3 bytes of an ASB block can be pending; 3 zero bytes finish or break it
        framer.push(Uint8Array.of(0x00, 0x00, 0x00));
        expect(framer.push(Uint8Array.of(0x1e))).toEqual([{ kind: 'realTime', byte: 0x1e }]);
      }),
    );
  });
});

describe('status mapping', () => {
  it('maps facts to the contract status with the most actionable cause', () => {
    expect(statusFromFacts({})).toEqual({
      kind: 'receiptPrinter',
      device: 'online',
      paper: 'full',
      cover: 'closed',
      cutter: 'ok',
    });
    expect(statusFromFacts({ paperNearEnd: true })).toMatchObject({ device: 'online', paper: 'low' });
    expect(statusFromFacts({ paperNearEnd: true, paperOut: true, offline: true })).toMatchObject({
      device: 'userError',
      paper: 'out',
    });
    expect(statusFromFacts({ coverOpen: true, offline: true })).toMatchObject({ device: 'userError', cover: 'open' });
    expect(statusFromFacts({ cutterError: true })).toMatchObject({ device: 'hardwareError', cutter: 'error' });
    expect(notReadyCause({ coverOpen: true, paperOut: true })).toBe('coverOpen');
    expect(notReadyCause({ paperNearEnd: true })).toBeUndefined();
  });
});
