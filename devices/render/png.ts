/**
 * PNG helpers for printed output: 1-bit panels to PNG (pngjs, no canvas needed) and PNG decoding
 * for tests.
 */
import { PNG } from 'pngjs';

/** A 1-bit image: `bits[y * width + x]` is 1 where ink is. */
export interface MonoImage {
  width: number;
  height: number;
  bits: Uint8Array;
}

/** Encodes mono images side by side (black ink on white, `gap` grey pixels between) as one PNG. */
export function monoImagesToPng(images: MonoImage[], gap = 24): Buffer {
  const width = images.reduce((w, img) => w + img.width, 0) + gap * Math.max(0, images.length - 1);
  const height = images.reduce((h, img) => Math.max(h, img.height), 0);
  const png = new PNG({ width, height });
  png.data.fill(0xc0); // grey background shows the card edges
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = 0xff;
  let left = 0;
  for (const img of images) {
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        const v = img.bits[y * img.width + x] ? 0 : 0xff;
        const o = (y * width + left + x) * 4;
        png.data[o] = v;
        png.data[o + 1] = v;
        png.data[o + 2] = v;
        png.data[o + 3] = 0xff;
      }
    }
    left += img.width + gap;
  }
  return PNG.sync.write(png);
}

/** Decodes a PNG into width, height and RGBA data. */
export function decodePng(buffer: Buffer): { width: number; height: number; data: Buffer } {
  const png = PNG.sync.read(buffer);
  return { width: png.width, height: png.height, data: png.data };
}

/** True when the pixel at (x, y) of decoded RGBA data is dark (luminance below 128). */
export function isDark(
  img: { width: number; data: Buffer | Uint8Array | Uint8ClampedArray },
  x: number,
  y: number,
): boolean {
  const o = (y * img.width + x) * 4;
  const lum = 0.299 * (img.data[o] ?? 255) + 0.587 * (img.data[o + 1] ?? 255) + 0.114 * (img.data[o + 2] ?? 255);
  return lum < 128;
}
