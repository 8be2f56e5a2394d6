/**
 * The registry photo printed on the card. The police backend in this build has no photo
 * operation, so the default source draws a deterministic synthetic greyscale portrait keyed by the
 * registry's opaque photo reference (never by personal data, never from the live capture). A real
 * deployment passes a `registryPhoto` dependency that fetches the photo on file.
 */
import { createHash } from 'node:crypto';
import { ok, type Result } from '../../contract/result';
import type { Portrait } from './card-layout';

export type PortraitResult = Result<Portrait, { message: string }>;

/** Fetches the photo on file for a registry photo reference. */
export type RegistryPhotoSource = (request: { photoRef: string }) => Promise<PortraitResult>;

/** A head-and-shoulders silhouette whose proportions vary with the photo reference. */
export function syntheticPortrait(photoRef: string, width = 240, height = 300): Portrait {
  const h = createHash('sha256').update(photoRef).digest();
  const headW = 0.27 + (h[0]! / 255) * 0.06;
  const headH = 0.26 + (h[1]! / 255) * 0.05;
  const hairLine = 0.2 + (h[2]! / 255) * 0.06;
  const shade = 150 + Math.round((h[3]! / 255) * 50);
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const nx = (x - width / 2) / width;
      const ny = y / height;
      const dx = nx / headW;
      const dy = (ny - 0.4) / headH;
      const head = dx * dx + dy * dy;
      const shoulder = ny > 0.72 && Math.abs(nx) < 0.18 + (ny - 0.72) * 1.6;
      let v = 238; // light background
      if (head < 1) v = ny < hairLine + 0.04 * Math.abs(dx) ? 40 : shade - Math.round(40 * head);
      else if (shoulder) v = 60;
      else if (ny > 0.6 && Math.abs(nx) < 0.07) v = shade - 20; // neck
      pixels[y * width + x] = v;
    }
  }
  return { pixels, width, height };
}

/** Default photo source: the synthetic portrait for the reference. */
export const syntheticPhotoSource: RegistryPhotoSource = async ({ photoRef }) => ok(syntheticPortrait(photoRef));
