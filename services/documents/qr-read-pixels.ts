/** QR decoding from RGBA pixels with jsQR (pure JavaScript: Node and the offline page alike). */
import jsQR from 'jsqr';

/** Largest image (in pixels, after scaling) the 2x retry builds: an A4 page at 150 dpi doubled. */
const MAX_SCALED_PIXELS = 2480 * 3508;

/** Nearest-neighbour 2x: each pixel becomes a 2x2 block. */
function doubled(data: Uint8ClampedArray, width: number, height: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height * 16);
  const row = width * 8;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      const to = y * 2 * row + x * 8;
      for (const offset of [to, to + 4, to + row, to + row + 4]) out.set(data.subarray(from, from + 4), offset);
    }
  }
  return out;
}

/**
 * The text of the first QR code found in RGBA pixels, or undefined. A code of ~3 pixels per module
 * (a dense verification code on a 150 dpi scan or printer rendering) is not always found by jsQR at
 * that size; the same pixels doubled are, so that is tried before giving up.
 */
export function readQrFromPixels(data: Uint8ClampedArray, width: number, height: number): string | undefined {
  const found = jsQR(data, width, height, { inversionAttempts: 'attemptBoth' })?.data;
  if (found) return found;
  if (width * height * 4 > MAX_SCALED_PIXELS) return undefined;
  return jsQR(doubled(data, width, height), width * 2, height * 2, { inversionAttempts: 'attemptBoth' })?.data || undefined;
}
