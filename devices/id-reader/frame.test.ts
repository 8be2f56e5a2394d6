import { describe, expect, it } from 'vitest';
import {
  commandNameOf,
  decodeCardData,
  decodeRequest,
  decodeResponse,
  encodeCardData,
  encodeRequest,
  encodeResponse,
  formatSamId,
  isCompleteFrame,
} from './frame';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();
const bytes = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex');

describe('ID reader frames (protocols.md §1)', () => {
  it('encodes the public request frames byte for byte', () => {
    expect(hex(encodeRequest('readSamId'))).toBe('AAAAAA9669000312FFEE');
    expect(hex(encodeRequest('findCard'))).toBe('AAAAAA96690003200122');
    expect(hex(encodeRequest('selectCard'))).toBe('AAAAAA96690003200221');
    expect(hex(encodeRequest('readTextAndPhoto'))).toBe('AAAAAA96690003300132');
    expect(hex(encodeRequest('readExtraAddress'))).toBe('AAAAAA96690003300330');
    expect(hex(encodeRequest('readWithFingerprint'))).toBe('AAAAAA96690003301023');
  });

  it('encodes the public reply frames byte for byte', () => {
    expect(encodeResponse(0x9f, new Uint8Array(4)).equals(bytes('AAAAAA9669 0008 00 00 9F 00000000 97'))).toBe(true);
    expect(encodeResponse(0x80).equals(bytes('AAAAAA9669 0004 00 00 80 84'))).toBe(true);
    expect(encodeResponse(0x41).equals(bytes('AAAAAA9669 0004 00 00 41 45'))).toBe(true);
    const select = encodeResponse(0x90, new Uint8Array(8));
    expect(hex(select.subarray(0, 10))).toBe('AAAAAA9669000C000090');
    expect(select.length).toBe(7 + 12);
    expect(select[select.length - 1]).toBe(0x0c ^ 0x90);
  });

  it('lays out a read-ok reply as documented', () => {
    const text = Buffer.alloc(256, 0x20);
    const photo = Buffer.alloc(1024, 0x33);
    const frame = encodeResponse(0x90, encodeCardData({ text, photo }));
    expect(frame.readUInt16BE(5)).toBe(0x0508);
    expect(frame.length).toBe(7 + 0x0508);
    expect(frame.readUInt16BE(10)).toBe(0x0100);
    expect(frame.readUInt16BE(12)).toBe(0x0400);
    expect(frame[14]).toBe(0x20);
    expect(frame[270]).toBe(0x33);
    expect(isCompleteFrame(frame)).toBe(true);
    const decoded = decodeCardData(decodeResponse(frame).data, false);
    expect(decoded?.text.equals(text)).toBe(true);
    expect(decoded?.photo.equals(photo)).toBe(true);
    const withFp = encodeResponse(0x90, encodeCardData({ text, photo, fingerprint: Buffer.alloc(1024, 1) }));
    expect(withFp.readUInt16BE(5)).toBe(0x090a);
    expect(decodeCardData(decodeResponse(withFp).data, true)?.fingerprint?.length).toBe(1024);
    expect(decodeCardData(decodeResponse(withFp).data, false)).toBeNull();
  });

  it('decodes requests and responses', () => {
    expect(decodeRequest(bytes('AAAAAA96690003300132'))).toMatchObject({
      cmd: 0x30,
      para: 0x01,
      command: 'readTextAndPhoto',
    });
    expect(decodeResponse(bytes('AAAAAA9669000800009F0000000097'))).toMatchObject({ sw1: 0, sw2: 0, sw3: 0x9f });
    expect(commandNameOf(0x10, 0xff)).toBeUndefined();
    expect(isCompleteFrame(bytes('AAAAAA96690003200123'))).toBe(false);
  });

  it('formats a SAM id', () => {
    const id = Uint8Array.of(5, 0, 1, 0, 0x7a, 0xdb, 0x32, 0x01, 0x4e, 0x61, 0xbc, 0, 0xd2, 0x02, 0x96, 0x49);
    expect(formatSamId(id)).toBe('05.01-20110202-0012345678-1234567890');
    expect(formatSamId(Uint8Array.of(1, 2))).toBe('0102');
  });
});
