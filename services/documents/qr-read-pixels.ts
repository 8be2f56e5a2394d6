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

/** The pixels of a `w` × `h` window at (x, y). */
function cropped(data: Uint8ClampedArray, width: number, x: number, y: number, w: number, h: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(w * h * 4);
  for (let row = 0; row < h; row++) out.set(data.subarray(((y + row) * width + x) * 4, ((y + row) * width + x + w) * 4), row * w * 4);
  return out;
}

const decode = (data: Uint8ClampedArray, width: number, height: number) => jsQR(data, width, height, { inversionAttempts: 'attemptBoth' })?.data || undefined;

/**
 * The text of the first QR code found in RGBA pixels, or undefined. A code of ~3 pixels per module
 * (a dense verification code on a 150 dpi scan or printer rendering) is not always found by jsQR at
 * that size; the same pixels doubled often are. On a whole page, the page's text and seal can still
 * mislead jsQR's search for the finder patterns (about 1 signed code in 8 at 150 dpi), so last the
 * page is searched in 25 overlapping half-size windows (a quarter apart), each doubled. jsQR is
 * sensitive to where a window starts by even one pixel, hence the dense grid.
 */
export function readQrFromPixels(data: Uint8ClampedArray, width: number, height: number): string | undefined {
  const found = decode(data, width, height);
  if (found) return found;
  if (width * height * 4 > MAX_SCALED_PIXELS) return undefined;
  const twice = decode(doubled(data, width, height), width * 2, height * 2);
  if (twice) return twice;
  const [w, h] = [Math.floor(width / 2), Math.floor(height / 2)];
  const steps = [0, 1, 2, 3, 4];
  for (const y of steps.map((step) => Math.floor(((height - h) * step) / 4))) {
    for (const x of steps.map((step) => Math.floor(((width - w) * step) / 4))) {
      const text = decode(doubled(cropped(data, width, x, y, w, h), w, h), w * 2, h * 2);
      if (text) return text;
    }
  }
  return undefined;
}
