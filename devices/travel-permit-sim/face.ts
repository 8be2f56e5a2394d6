/**
 * Synthetic face photos for the simulated permits: a drawn head and shoulders with a little texture,
 * encoded as JPEG (the format 9303 chips use most) at about the size of a real DG2 image (~15 KB).
 * Deterministic per seed, made in memory, never written to disk.
 */
import { createCanvas } from '@napi-rs/canvas';

export const FACE_WIDTH = 240;
export const FACE_HEIGHT = 320;

const cache = new Map<number, Uint8Array>();

/** A JPEG face for `seed` (the same seed always gives the same picture). */
export function syntheticFaceJpeg(seed: number): Uint8Array {
  const hit = cache.get(seed);
  if (hit) return hit;
  const canvas = createCanvas(FACE_WIDTH, FACE_HEIGHT);
  const ctx = canvas.getContext('2d');
  let state = (seed * 2654435761) >>> 0 || 1;
  const random = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  ctx.fillStyle = '#dfe7ef';
  ctx.fillRect(0, 0, FACE_WIDTH, FACE_HEIGHT);
  ctx.fillStyle = `hsl(${210 + seed * 37} 30% 35%)`;
  ctx.beginPath();
  ctx.ellipse(120, 330, 120, 90, 0, 0, Math.PI * 2); // shoulders
  ctx.fill();
  ctx.fillStyle = `hsl(28 ${40 + (seed % 20)}% ${68 - (seed % 10)}%)`;
  ctx.beginPath();
  ctx.ellipse(120, 150, 62, 80, 0, 0, Math.PI * 2); // face
  ctx.fill();
  ctx.fillStyle = '#1d1b1a';
  ctx.beginPath();
  ctx.ellipse(120, 92, 66, 38, 0, Math.PI, Math.PI * 2); // hair
  ctx.fill();
  for (const x of [96, 144]) {
    ctx.beginPath();
    ctx.ellipse(x, 142, 9, 5, 0, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.strokeStyle = '#8a4b3c';
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.arc(120, 185, 20, 0.15 * Math.PI, 0.85 * Math.PI);
  ctx.stroke();
  // Sensor-like noise so the JPEG has a realistic amount of detail to encode.
  const image = ctx.getImageData(0, 0, FACE_WIDTH, FACE_HEIGHT);
  for (let i = 0; i < image.data.length; i += 4) {
    const n = (random() - 0.5) * 32;
    image.data[i] = Math.max(0, Math.min(255, image.data[i]! + n));
    image.data[i + 1] = Math.max(0, Math.min(255, image.data[i + 1]! + n));
    image.data[i + 2] = Math.max(0, Math.min(255, image.data[i + 2]! + n));
  }
  ctx.putImageData(image, 0, 0);
  const jpeg = new Uint8Array(canvas.encodeSync('jpeg', 75));
  cache.set(seed, jpeg);
  return jpeg;
}
