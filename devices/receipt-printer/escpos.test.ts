import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { receipt } from './escpos';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('ESC/POS builder — exact bytes (protocols.md §2)', () => {
  it('encodes init, alignment, bold, size and cuts', () => {
    expect(hex(receipt().init().build())).toBe('1b40');
    expect(hex(receipt().align('left').align('center').align('right').build())).toBe('1b61001b61011b6102');
    expect(hex(receipt().bold(true).bold(false).build())).toBe('1b45011b4500');
    expect(hex(receipt().size({ width: 2, height: 2 }).size({ width: 1, height: 3 }).build())).toBe('1d21111d2102');
    expect(hex(receipt().cut('full').cut('partial').cut('partial', 5).build())).toBe('1d56001d56011d564205');
    expect(hex(receipt().feed(4).newline().build())).toBe('1b64040a');
  });

  it('keeps ASCII as ASCII and sends Chinese in Chinese mode as GB18030', () => {
    expect(hex(receipt().text('Hi 1').build())).toBe('48692031');
    const bytes = receipt().text('No. 临时身份证').build();
    const expected = Buffer.concat([
      Buffer.from('No. ', 'ascii'),
      Buffer.from([0x1c, 0x26]),
      iconv.encode('临时身份证', 'gb18030'),
    ]);
    expect(hex(bytes)).toBe(expected.toString('hex'));
    expect(hex(iconv.encode('临', 'gb18030'))).toBe('c1d9'); // a fixed point, independent of the encoder call above
    // Chinese mode is switched on once, not per run
    const twice = receipt().text('受理').text(' A ').text('回执').build();
    expect(Buffer.from(twice).indexOf(Buffer.from([0x1c, 0x26]), 2)).toBe(-1);
    // init resets Chinese mode, so the next Chinese run turns it on again
    const afterInit = receipt().text('受').init().text('理').build();
    expect(hex(afterInit)).toBe('1c26ca dc1b40 1c26c0ed'.replaceAll(' ', ''));
  });

  it('drops control characters from text so they cannot become commands', () => {
    expect(hex(receipt().text('A\x1b@\nB').build())).toBe('414042');
  });

  it('QR store length is the BYTE length + 3 (multi-byte UTF-8 payload)', () => {
    const payload = '查询a'; // 3 characters, 7 UTF-8 bytes
    const bytes = Buffer.from(receipt().qr(payload, { moduleSize: 6, errorLevel: 'Q' }).build());
    expect(hex(bytes)).toBe(
      '1d286b040031413200' + // model 2
        '1d286b0300314306' + // module size 6
        '1d286b0300314532' + // error level Q = 50
        '1d286b0a00315030' + // pL = 7 + 3 = 10
        Buffer.from(payload, 'utf8').toString('hex') +
        '1d286b0300315130', // print
    );
  });

  it('QR length uses pH for payloads over 252 bytes', () => {
    const payload = 'x'.repeat(300);
    const bytes = Buffer.from(receipt().qr(payload).build());
    const store = bytes.indexOf(Buffer.from([0x31, 0x50, 0x30]));
    expect(bytes[store - 2]).toBe(303 & 0xff);
    expect(bytes[store - 1]).toBe(303 >> 8);
  });

  it('encodes a CODE128 barcode with GS h height, GS w width and GS k 73 length', () => {
    expect(hex(receipt().barcode('AB12', { height: 60, moduleWidth: 2 }).build())).toBe(
      '1d683c1d77021d6b4906' + '7b42' + '41423132',
    );
    expect(() => receipt().barcode('中文')).toThrow(RangeError);
  });
});
