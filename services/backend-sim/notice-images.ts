/**
 * Pictures for the simulator's seeded notices: a drawn head-and-shoulders portrait (a stand-in for
 * the photo of a missing or wanted person; no real face) as PNG or JPEG, deterministic per seed, so
 * the kiosk's image checks and re-encoding run on real PNG and JPEG bytes.
 */
import { createHash } from 'node:crypto';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { Notice, NoticeImage } from '../gateway/schemas';

export interface Portrait {
  width: number;
  height: number;
  /** Background and figure colours (RGB). */
  background: readonly [number, number, number];
  figure: readonly [number, number, number];
}

/** RGBA pixels of a portrait: a soft gradient background, a round head and rounded shoulders. */
export function portraitPixels(p: Portrait): Buffer {
  const { width, height } = p;
  const data = Buffer.alloc(width * height * 4);
  const head = { x: width / 2, y: height * 0.38, r: width * 0.2 };
  const shoulders = { x: width / 2, y: height * 1.02, rx: width * 0.42, ry: height * 0.36 };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const shade = 0.85 + 0.15 * (1 - y / height);
      const inHead = (x - head.x) ** 2 + (y - head.y) ** 2 <= head.r ** 2;
      const inShoulders = ((x - shoulders.x) / shoulders.rx) ** 2 + ((y - shoulders.y) / shoulders.ry) ** 2 <= 1;
      const colour = inHead || inShoulders ? p.figure : p.background;
      const i = (y * width + x) * 4;
      data[i] = Math.round(colour[0] * (inHead || inShoulders ? 1 : shade));
      data[i + 1] = Math.round(colour[1] * (inHead || inShoulders ? 1 : shade));
      data[i + 2] = Math.round(colour[2] * (inHead || inShoulders ? 1 : shade));
      data[i + 3] = 255;
    }
  }
  return data;
}

export function portraitPng(p: Portrait): Buffer {
  const png = new PNG({ width: p.width, height: p.height });
  portraitPixels(p).copy(png.data);
  return PNG.sync.write(png);
}

export function portraitJpeg(p: Portrait, quality = 88): Buffer {
  return jpeg.encode({ width: p.width, height: p.height, data: portraitPixels(p) }, quality).data;
}

/** The descriptor of an image as a notice carries it (size and digest of the exact bytes). */
export function imageDescriptor(imageId: string, contentType: NoticeImage['contentType'], bytes: Buffer): NonNullable<Notice['image']> {
  return { imageId, contentType, byteLength: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
