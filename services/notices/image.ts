/**
 * A notice image from the backend is untrusted bytes until proven otherwise. Before it reaches a
 * screen: its size and SHA-256 must be what the notice announced; its header must say PNG or JPEG
 * as declared (magic bytes and dimensions read by the maintained `image-size`, before anything is
 * decoded, so a decompression bomb is refused from its header); its sides and pixel count must be
 * within the kiosk's limits; then it is fully decoded (pngjs, jpeg-js with its own memory and
 * resolution caps) and re-encoded as a fresh baseline JPEG. Re-encoding drops whatever else the file
 * carried (EXIF with a location, trailing data, a polyglot payload); only pixels survive.
 */
import { createHash } from 'node:crypto';
import { imageSize } from 'image-size';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export interface ImageLimits {
  maxImageBytes: number;
  maxImagePixels: number;
  maxImageSide: number;
}

export interface ImageDeclaration {
  contentType: 'image/png' | 'image/jpeg';
  byteLength: number;
  sha256: string;
}

export type ImageProblem = 'tooLarge' | 'sizeMismatch' | 'digestMismatch' | 'notAnImage' | 'typeMismatch' | 'dimensionsTooLarge' | 'undecodable';

export interface CleanImage {
  /** A baseline JPEG re-encoded from the decoded pixels. */
  jpeg: Buffer;
  width: number;
  height: number;
}

export type ImageCheck = { ok: true; value: CleanImage } | { ok: false; error: { problem: ImageProblem; message: string } };

const refuse = (problem: ImageProblem, message: string): ImageCheck => ({ ok: false, error: { problem, message } });

/** What the image's header says it is, without decoding it; undefined when it is neither PNG nor JPEG. */
export function sniffImage(bytes: Uint8Array): { type: 'png' | 'jpg'; width: number; height: number } | undefined {
  try {
    const found = imageSize(bytes);
    if ((found.type === 'png' || found.type === 'jpg') && found.width > 0 && found.height > 0) return { type: found.type, width: found.width, height: found.height };
    return undefined;
  } catch {
    return undefined;
  }
}

/** RGBA pixels flattened onto white (a transparent PNG must not turn black in a JPEG). */
function flattenOnWhite(rgba: Uint8Array): Buffer {
  const out = Buffer.alloc(rgba.length);
  for (let i = 0; i < rgba.length; i += 4) {
    const alpha = rgba[i + 3]! / 255;
    out[i] = Math.round(rgba[i]! * alpha + 255 * (1 - alpha));
    out[i + 1] = Math.round(rgba[i + 1]! * alpha + 255 * (1 - alpha));
    out[i + 2] = Math.round(rgba[i + 2]! * alpha + 255 * (1 - alpha));
    out[i + 3] = 255;
  }
  return out;
}

function decode(bytes: Buffer, type: 'png' | 'jpg', limits: ImageLimits): { width: number; height: number; rgba: Uint8Array } {
  if (type === 'png') {
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height, rgba: png.data };
  }
  const megapixels = limits.maxImagePixels / 1_000_000;
  const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: megapixels, maxMemoryUsageInMB: Math.ceil(megapixels * 4 * 4) + 16 });
  return { width: decoded.width, height: decoded.height, rgba: decoded.data };
}

/** Checks one image against what its notice declared and the kiosk's limits, and re-encodes it. Never throws. */
export function cleanNoticeImage(bytes: Buffer, declared: ImageDeclaration, limits: ImageLimits, quality = 85): ImageCheck {
  if (bytes.length > limits.maxImageBytes) return refuse('tooLarge', `${bytes.length} bytes, at most ${limits.maxImageBytes}`);
  if (bytes.length !== declared.byteLength) return refuse('sizeMismatch', `${bytes.length} bytes, the notice said ${declared.byteLength}`);
  if (createHash('sha256').update(bytes).digest('hex') !== declared.sha256) return refuse('digestMismatch', 'the bytes are not the ones the notice announced');
  const header = sniffImage(bytes);
  if (!header) return refuse('notAnImage', 'neither a PNG nor a JPEG header');
  const expected = declared.contentType === 'image/png' ? 'png' : 'jpg';
  if (header.type !== expected) return refuse('typeMismatch', `declared ${declared.contentType}, the header says ${header.type}`);
  if (Math.max(header.width, header.height) > limits.maxImageSide || header.width * header.height > limits.maxImagePixels) {
    return refuse('dimensionsTooLarge', `${header.width}×${header.height} is beyond ${limits.maxImageSide} px a side or ${limits.maxImagePixels} pixels`);
  }
  let pixels: { width: number; height: number; rgba: Uint8Array };
  try {
    pixels = decode(bytes, header.type, limits);
  } catch (error) {
    return refuse('undecodable', (error as Error).message.slice(0, 120));
  }
  // The header and the decoded data must agree: a file that says one size and holds another is refused.
  if (pixels.width !== header.width || pixels.height !== header.height || pixels.rgba.length !== pixels.width * pixels.height * 4) {
    return refuse('undecodable', 'the decoded pixels do not match the header');
  }
  const encoded = jpeg.encode({ width: pixels.width, height: pixels.height, data: flattenOnWhite(pixels.rgba) }, quality);
  return { ok: true, value: { jpeg: Buffer.from(encoded.data), width: pixels.width, height: pixels.height } };
}
