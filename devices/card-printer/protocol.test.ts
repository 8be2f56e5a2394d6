import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PANEL_BYTES } from './bitmap';
import {
  CardCommandParser,
  CardReplyFramer,
  encodeBitmapDownload,
  encodeCommand,
  encodeSensorReply,
  parseSensorReply,
} from './protocol';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('card printer commands — exact bytes (protocols.md §3)', () => {
  it('frames commands as ESC name;params CR', () => {
    expect(hex(encodeCommand('Ss'))).toBe('1b53730d');
    expect(hex(encodeCommand('Pr', 'k'))).toBe('1b50723b6b0d');
    expect(Buffer.from(encodeCommand('Pcom', 1, 9600, 'N', 8, 1, 'ACK/NACK', 'E')).toString('latin1')).toBe(
      '\x1bPcom;1;9600;N;8;1;ACK/NACK;E\r',
    );
    expect(Buffer.from(encodeCommand('Rse', 'p')).toString('latin1')).toBe('\x1bRse;p\r');
  });

  it('frames a bitmap download with its binary payload and a final CR', () => {
    const panel = new Uint8Array(PANEL_BYTES).fill(0x0d);
    const bytes = encodeBitmapDownload('k', panel);
    expect(PANEL_BYTES).toBe(82296);
    expect(Buffer.from(bytes.subarray(0, 8)).toString('latin1')).toBe('\x1bDb;k;2;');
    expect(bytes.length).toBe(8 + 82296 + 1);
    expect(bytes.at(-1)).toBe(0x0d);
    expect(() => encodeBitmapDownload('k', new Uint8Array(10))).toThrow(RangeError);
  });
});

describe('CardCommandParser (printer side)', () => {
  const panel = Uint8Array.from({ length: PANEL_BYTES }, (_, i) => (i * 7) & 0xff); // contains 0x0D and 0x1B bytes
  const stream = Buffer.concat([encodeCommand('Ss'), encodeBitmapDownload('k', panel), encodeCommand('Se')]);

  it('takes the Db payload by length even though it contains CR and ESC bytes, however it is chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 40 }), (cuts) => {
        const parser = new CardCommandParser();
        const out = [];
        let from = 0;
        for (const p of [...new Set(cuts)].sort((a, b) => a - b).concat(stream.length)) {
          out.push(...parser.push(stream.subarray(from, p)));
          from = p;
        }
        expect(out.map((c) => c.kind)).toEqual(['command', 'bitmap', 'command']);
        const bitmap = out[1];
        expect(bitmap?.kind === 'bitmap' && bitmap.panel).toBe('k');
        expect(bitmap?.kind === 'bitmap' && Buffer.compare(bitmap.data, panel)).toBe(0);
      }),
      { numRuns: 50 },
    );
  });

  it('reports a payload without its CR and resyncs on the next command', () => {
    const parser = new CardCommandParser({ panelBytes: 4 });
    const out = parser.push(Uint8Array.from([...Buffer.from('\x1bDb;k;2;'), 1, 2, 3, 4, ...encodeCommand('Se')]));
    expect(out).toEqual([
      { kind: 'malformed', reason: 'bitmap payload not followed by CR' },
      { kind: 'command', name: 'Se', params: [] },
    ]);
  });

  it('never throws on arbitrary bytes and parses the next command after garbage', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (garbage) => {
        const parser = new CardCommandParser({ panelBytes: 16 });
        parser.push(garbage);
        // at worst the garbage opened a 16-byte payload: 17 filler bytes finish it, then ESC restarts
        parser.push(new Uint8Array(17));
        const out = parser.push(encodeCommand('Rcr'));
        expect(out.at(-1)).toEqual({ kind: 'command', name: 'Rcr', params: [] });
      }),
    );
  });
});

describe('CardReplyFramer (host side)', () => {
  it('frames ACK, NACK + code and CR-terminated text', () => {
    const framer = new CardReplyFramer();
    expect(framer.push(Uint8Array.of(0x06, 0x15, 0x43, ...Buffer.from('READY\r'), 0x15))).toEqual([
      { kind: 'ack' },
      { kind: 'nack', code: 'coverOpen', char: 'C' },
      { kind: 'text', text: 'READY' },
    ]);
    expect(framer.push(Uint8Array.of(0x46))).toEqual([{ kind: 'nack', code: 'feederEmpty', char: 'F' }]);
    expect(framer.push(Buffer.from('\x15T\x151\x152\x15R'))).toEqual([
      { kind: 'nack', code: 'mechanical', char: 'T' },
      { kind: 'nack', code: 'command', char: '1' },
      { kind: 'nack', code: 'parameter', char: '2' },
      { kind: 'nack', code: 'ribbon', char: 'R' },
    ]);
  });

  it('resyncs after garbage: never throws, and the next reply is framed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (garbage) => {
        const framer = new CardReplyFramer();
        framer.push(garbage);
        framer.push(Uint8Array.of(0x00)); // a non-text byte ends any partial line or NACK
        expect(framer.push(Uint8Array.of(0x06))).toEqual([{ kind: 'ack' }]);
        expect(framer.push(Buffer.from('412\r'))).toEqual([{ kind: 'text', text: '412' }]);
      }),
    );
  });
});

describe('sensor replies', () => {
  it('round-trips state words and keeps unknown ones', () => {
    const flags = {
      coverOpen: true,
      feederEmpty: false,
      feederNearEmpty: true,
      ribbonEnded: false,
      ribbonLow: true,
      noRibbon: false,
      mechanicalError: false,
    };
    expect(encodeSensorReply(flags)).toBe('ERR_COVER_OPEN,INF_FEEDER_NEAR_EMPTY,INF_RIBBON_LOW');
    expect(parseSensorReply(encodeSensorReply(flags))).toEqual({ ...flags, unknown: [] });
    expect(parseSensorReply('READY')).toMatchObject({ coverOpen: false, unknown: [] });
    expect(parseSensorReply('ERR_HOPPER_FULL; FEEDER_EMPTY')).toMatchObject({
      feederEmpty: true,
      unknown: ['ERR_HOPPER_FULL'],
    });
  });
});
