/** QR decoding from RGBA pixels with jsQR (pure JavaScript: Node and the offline page alike). */
import jsQR from 'jsqr';

/** The text of the first QR code found in RGBA pixels, or undefined. */
export function readQrFromPixels(data: Uint8ClampedArray, width: number, height: number): string | undefined {
  return jsQR(data, width, height, { inversionAttempts: 'attemptBoth' })?.data || undefined;
}
