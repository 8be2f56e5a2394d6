import { createHash } from 'node:crypto';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { portraitJpeg, portraitPng } from '../backend-sim/notice-images';
import { cleanNoticeImage, sniffImage, type ImageDeclaration } from './image';

const LIMITS = { maxImageBytes: 600_000, maxImagePixels: 1_500_000, maxImageSide: 1600 };
const PORTRAIT = { width: 120, height: 150, background: [214, 224, 236], figure: [70, 84, 104] } as const;
const declare = (bytes: Buffer, contentType: ImageDeclaration['contentType']): ImageDeclaration => ({ contentType, byteLength: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });

/** A PNG whose header claims `width`×`height` (a decompression bomb's header, with almost no data). */
function pngHeader(width: number, height: number): Buffer {
  const png = portraitPng(PORTRAIT);
  const bytes = Buffer.from(png);
  bytes.writeUInt32BE(width, 16);
  bytes.writeUInt32BE(height, 20);
  return bytes;
}

describe('notice images', () => {
  it('a JPEG and a PNG pass and come out as fresh JPEGs of the same size, without what was appended to them', () => {
    const photo = Buffer.concat([portraitJpeg(PORTRAIT), Buffer.from('<script>alert(1)</script> trailing payload')]);
    const cleaned = cleanNoticeImage(photo, declare(photo, 'image/jpeg'), LIMITS);
    expect(cleaned.ok).toBe(true);
    if (!cleaned.ok) return;
    expect([cleaned.value.width, cleaned.value.height]).toEqual([120, 150]);
    expect(sniffImage(cleaned.value.jpeg)).toEqual({ type: 'jpg', width: 120, height: 150 });
    expect(cleaned.value.jpeg.includes(Buffer.from('script'))).toBe(false);
    const decoded = jpeg.decode(cleaned.value.jpeg, { useTArray: true });
    // The figure's colour survives re-encoding (centre of the head).
    const i = (Math.round(150 * 0.38) * 120 + 60) * 4;
    expect(Math.abs(decoded.data[i]! - 70)).toBeLessThan(12);

    const png = portraitPng(PORTRAIT);
    const fromPng = cleanNoticeImage(png, declare(png, 'image/png'), LIMITS);
    expect(fromPng.ok && sniffImage(fromPng.value.jpeg)?.type).toBe('jpg');
  });

  it('a transparent PNG is flattened onto white, not black', () => {
    const png = new PNG({ width: 4, height: 4 });
    png.data.fill(0); // fully transparent black
    const bytes = PNG.sync.write(png);
    const cleaned = cleanNoticeImage(bytes, declare(bytes, 'image/png'), LIMITS);
    expect(cleaned.ok).toBe(true);
    if (cleaned.ok) expect(jpeg.decode(cleaned.value.jpeg, { useTArray: true }).data[0]).toBeGreaterThan(240);
  });

  it.each([
    ['declared size differs', (b: Buffer) => ({ bytes: b, declared: { ...declare(b, 'image/jpeg'), byteLength: b.length + 1 } }), 'sizeMismatch'],
    ['bytes changed on the way', (b: Buffer) => ({ bytes: Buffer.concat([b.subarray(0, 200), Buffer.from([b[200]! ^ 0xff]), b.subarray(201)]), declared: declare(b, 'image/jpeg') }), 'digestMismatch'],
    ['a PNG declared as JPEG', () => ({ bytes: portraitPng(PORTRAIT), declared: declare(portraitPng(PORTRAIT), 'image/jpeg') }), 'typeMismatch'],
    ['not an image at all', () => ({ bytes: Buffer.from('GIF89a not really'), declared: declare(Buffer.from('GIF89a not really'), 'image/png') }), 'notAnImage'],
    ['an HTML file', () => ({ bytes: Buffer.from('<html><body>hi</body></html>'), declared: declare(Buffer.from('<html><body>hi</body></html>'), 'image/png') }), 'notAnImage'],
    ['a header claiming 20000×20000 pixels (decompression bomb)', () => ({ bytes: pngHeader(20_000, 20_000), declared: declare(pngHeader(20_000, 20_000), 'image/png') }), 'dimensionsTooLarge'],
    ['a header that lies about its size', () => ({ bytes: pngHeader(200, 200), declared: declare(pngHeader(200, 200), 'image/png') }), 'undecodable'],
    ['a truncated JPEG', (b: Buffer) => ({ bytes: b.subarray(0, 300), declared: declare(b.subarray(0, 300), 'image/jpeg') }), 'undecodable'],
  ] as const)('%s is refused (%s)', (_name, make, problem) => {
    const { bytes, declared } = make(portraitJpeg(PORTRAIT));
    const checked = cleanNoticeImage(bytes, declared, LIMITS);
    expect(checked.ok ? 'ok' : checked.error.problem).toBe(problem);
  });

  it('an image beyond the byte limit is refused before anything else', () => {
    const photo = portraitJpeg(PORTRAIT);
    const checked = cleanNoticeImage(photo, declare(photo, 'image/jpeg'), { ...LIMITS, maxImageBytes: 1024 });
    expect(checked.ok ? 'ok' : checked.error.problem).toBe('tooLarge');
  });

  it('a side beyond the limit is refused from the header', () => {
    const photo = portraitJpeg(PORTRAIT);
    const checked = cleanNoticeImage(photo, declare(photo, 'image/jpeg'), { ...LIMITS, maxImageSide: 100 });
    expect(checked.ok ? 'ok' : checked.error.problem).toBe('dimensionsTooLarge');
  });
});
