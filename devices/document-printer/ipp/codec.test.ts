import { describe, expect, it } from 'vitest';
import { attr, charsetAndLanguage } from './attributes';
import { decodeMessage, encodeMessage, IppDecodeError, type IppMessage } from './codec';

/** Builds bytes from the RFC's annotated tables: numbers as hex strings, text as "quoted" text. */
const bytes = (...parts: string[]): Buffer =>
  Buffer.concat(parts.map((p) => (p.startsWith('"') ? Buffer.from(p.slice(1, -1), 'utf8') : Buffer.from(p.replace(/\s+/g, ''), 'hex'))));

const CHARSET_AND_LANGUAGE = [
  '47', '0012', '"attributes-charset"', '0005', '"utf-8"',
  '48', '001b', '"attributes-natural-language"', '0005', '"en-us"',
];
const PRINTER_URI = ['45', '000b', '"printer-uri"', '002c', '"ipp://printer.example.com/ipp/print/pinetree"'];

describe('IPP encoding (RFC 8010 Appendix A)', () => {
  it('encodes the Print-Job request of A.2 byte for byte', () => {
    const document = Buffer.from('%!PS-Adobe-3.0\n');
    const expected = bytes(
      '0101', '0002', '00000001',
      '01', ...CHARSET_AND_LANGUAGE, ...PRINTER_URI,
      '42', '0008', '"job-name"', '0006', '"foobar"',
      '22', '0016', '"ipp-attribute-fidelity"', '0001', '01',
      '02',
      '21', '0006', '"copies"', '0004', '00000014',
      '44', '0005', '"sides"', '0013', '"two-sided-long-edge"',
      '03',
    );
    const message: IppMessage = {
      version: { major: 1, minor: 1 },
      code: 0x0002,
      requestId: 1,
      groups: [
        {
          tag: 0x01,
          attributes: [
            ...charsetAndLanguage('en-us'),
            attr.uri('printer-uri', 'ipp://printer.example.com/ipp/print/pinetree'),
            attr.name('job-name', 'foobar'),
            attr.boolean('ipp-attribute-fidelity', true),
          ],
        },
        { tag: 0x02, attributes: [attr.integer('copies', 20), attr.keyword('sides', 'two-sided-long-edge')] },
      ],
      data: document,
    };
    const encoded = encodeMessage(message);
    expect(encoded.toString('hex')).toBe(Buffer.concat([expected, document]).toString('hex'));
    expect(decodeMessage(encoded)).toEqual({ ...message, data: Uint8Array.from(document) });
  });

  it('decodes the successful Print-Job response of A.3', () => {
    const response = decodeMessage(
      bytes(
        '0101', '0000', '00000001',
        '01', ...CHARSET_AND_LANGUAGE,
        '41', '000e', '"status-message"', '000d', '"successful-ok"',
        '02',
        '21', '0006', '"job-id"', '0004', '00000093',
        '45', '0007', '"job-uri"', '0030', '"ipp://printer.example.com/ipp/print/pinetree/147"',
        '23', '0009', '"job-state"', '0004', '00000003',
        '03',
      ),
    );
    expect(response.code).toBe(0);
    expect(response.groups[1]?.attributes).toEqual([
      attr.integer('job-id', 147),
      attr.uri('job-uri', 'ipp://printer.example.com/ipp/print/pinetree/147'),
      attr.enumeration('job-state', 3),
    ]);
  });

  it('decodes the failed Print-Job response of A.4 with its out-of-band "unsupported" value', () => {
    const response = decodeMessage(
      bytes(
        '0101', '040b', '00000001',
        '01', ...CHARSET_AND_LANGUAGE,
        '41', '000e', '"status-message"', '002f', '"client-error-attributes-or-values-not-supported"',
        '05',
        '21', '0006', '"copies"', '0004', '00000014',
        '10', '0005', '"sides"', '0000',
        '03',
      ),
    );
    expect(response.code).toBe(0x040b);
    expect(response.groups[1]).toEqual({
      tag: 0x05,
      attributes: [attr.integer('copies', 20), { name: 'sides', values: [{ type: 'outOfBand', tag: 0x10 }] }],
    });
  });

  it('round-trips the Get-Jobs request of A.7 (additional values of requested-attributes)', () => {
    const encoded = bytes(
      '0101', '000a', '0000007b',
      '01', ...CHARSET_AND_LANGUAGE, ...PRINTER_URI,
      '21', '0005', '"limit"', '0004', '00000032',
      '44', '0014', '"requested-attributes"', '0006', '"job-id"',
      '44', '0000', '0008', '"job-name"',
      '44', '0000', '000f', '"document-format"',
      '03',
    );
    const decoded = decodeMessage(encoded);
    expect(decoded.requestId).toBe(123);
    expect(decoded.groups[0]?.attributes.at(-1)).toEqual(attr.keyword('requested-attributes', 'job-id', 'job-name', 'document-format'));
    expect(encodeMessage(decoded).equals(encoded)).toBe(true);
  });

  it('decodes the nameWithLanguage job-name of the Get-Jobs response in A.8', () => {
    const decoded = decodeMessage(
      bytes(
        '0101', '0000', '0000007b',
        '01', ...CHARSET_AND_LANGUAGE,
        '02',
        '21', '0006', '"job-id"', '0004', '00000093',
        '36', '0008', '"job-name"', '0009', '0002', '"de"', '0003', '"fou"',
        '02',
        '21', '0006', '"job-id"', '0004', '00000094',
        '36', '0008', '"job-name"', '000f', '0002', '"de"', '0009', '"isch guet"',
        '03',
      ),
    );
    expect(decoded.groups.filter((g) => g.tag === 0x02)).toHaveLength(2);
    expect(decoded.groups[2]?.attributes[1]).toEqual({ name: 'job-name', values: [{ type: 'withLanguage', tag: 0x36, language: 'de', value: 'isch guet' }] });
  });

  it('encodes and decodes collections with memberAttrName (RFC 8010 §3.1.6)', () => {
    const message: IppMessage = {
      version: { major: 2, minor: 0 },
      code: 0x0002,
      requestId: 9,
      groups: [
        {
          tag: 0x02,
          attributes: [
            {
              name: 'media-col',
              values: [
                {
                  type: 'collection',
                  members: [
                    { name: 'media-size', values: [{ type: 'collection', members: [attr.integer('x-dimension', 21000), attr.integer('y-dimension', 29700)] }] },
                    attr.keyword('media-type', 'stationery'),
                  ],
                },
              ],
            },
          ],
        },
      ],
      data: new Uint8Array(),
    };
    const encoded = encodeMessage(message);
    expect(encoded.toString('hex')).toBe(
      bytes(
        '0200', '0002', '00000009', '02',
        '34', '0009', '"media-col"', '0000',
        '4a', '0000', '000a', '"media-size"',
        '34', '0000', '0000',
        '4a', '0000', '000b', '"x-dimension"', '21', '0000', '0004', '00005208',
        '4a', '0000', '000b', '"y-dimension"', '21', '0000', '0004', '00007404',
        '37', '0000', '0000',
        '4a', '0000', '000a', '"media-type"', '44', '0000', '000a', '"stationery"',
        '37', '0000', '0000',
        '03',
      ).toString('hex'),
    );
    expect(decodeMessage(encoded)).toEqual(message);
  });

  it('round-trips dateTime, range and resolution values', () => {
    const when = new Date('2026-03-01T08:30:15.300Z');
    const message: IppMessage = {
      version: { major: 2, minor: 0 },
      code: 0,
      requestId: 2,
      groups: [
        {
          tag: 0x04,
          attributes: [
            attr.date('printer-current-time', when),
            { name: 'copies-supported', values: [{ type: 'range', lower: 1, upper: 99 }] },
            { name: 'printer-resolution-default', values: [{ type: 'resolution', x: 600, y: 600, units: 3 }] },
          ],
        },
      ],
      data: new Uint8Array(),
    };
    expect(decodeMessage(encodeMessage(message))).toEqual(message);
  });
});

describe('IPP decoding of bad input', () => {
  it('refuses an HTML page with a clear error', () => {
    expect(() => decodeMessage(Buffer.from('<html><body>404 Not Found</body></html>'))).toThrow(IppDecodeError);
    expect(() => decodeMessage(Buffer.from('<html>'))).toThrow(/not a valid IPP message/);
  });

  it('refuses every truncation of a valid response', () => {
    const valid = bytes('0101', '0000', '00000001', '01', ...CHARSET_AND_LANGUAGE, '02', '21', '0006', '"job-id"', '0004', '00000093', '03');
    for (let cut = 0; cut < valid.length; cut++) expect(() => decodeMessage(valid.subarray(0, cut))).toThrow(IppDecodeError);
  });

  it('refuses an attribute before any group, unknown tags and malformed values', () => {
    expect(() => decodeMessage(bytes('0101', '0000', '00000001', '21', '0001', '"x"', '0004', '00000001', '03'))).toThrow(/before any group/);
    expect(() => decodeMessage(bytes('0101', '0000', '00000001', '01', '21', '0001', '"x"', '0002', '0001', '03'))).toThrow(/must be 4 bytes/);
    expect(() => decodeMessage(bytes('0101', '0000', '00000001', '01', '22', '0001', '"x"', '0001', '07', '03'))).toThrow(/boolean/);
    expect(() => decodeMessage(bytes('0101', '0000', '00000001', '0f', '03'))).toThrow(/unknown group tag/);
  });

  it('never throws anything but IppDecodeError for random bytes', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256;
    for (let i = 0; i < 500; i++) {
      const buf = Buffer.from(Array.from({ length: 8 + (i % 64) }, random));
      buf[0] = 1;
      try {
        decodeMessage(buf);
      } catch (error) {
        expect(error).toBeInstanceOf(IppDecodeError);
      }
    }
  });
});
