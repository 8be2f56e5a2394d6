/**
 * Composes one card side with canvas (text in a CJK font, an optional greyscale photo) and turns it
 * into the printer's 1-bit panel: text is thresholded, the photo area is dithered. The layout of the
 * temporary ID card itself belongs to the service that prints it; this takes positioned elements.
 */
import { err, ok, type Result } from '../../contract/result';
import { createCanvas } from '@napi-rs/canvas';
import { ensureCjkFont } from '../render/fonts';
import {
  DESIGN_HEIGHT,
  DESIGN_WIDTH,
  designToPanelBytes,
  imageToBits,
  rgbaToGrey,
  type BitImage,
  type Rect,
} from './bitmap';

export interface CardText {
  text: string;
  x: number;
  y: number;
  /** Font size in dots (300 dpi: 36 dots ≈ 8.6 pt... 3 mm). */
  size: number;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
}

export interface CardPhoto {
  area: Rect;
  /** Greyscale or RGBA pixels of `width` x `height`, scaled into `area`. */
  pixels: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 1 | 4;
}

export interface CardSideSpec {
  texts: CardText[];
  photo?: CardPhoto;
  /** Thin border around the card (helps staff see the edge on test prints). */
  border?: boolean;
  dither?: 'floydSteinberg' | 'ordered';
}

/** A composed side: the 1-bit design and its packed panel, or why it could not be drawn. */
export type ComposeResult = Result<{ design: BitImage; panel: Uint8Array }, { code: 'noCjkFont'; message: string }>;

/** Draws a landscape card side (1016 x 648) and converts it to a packed panel for `Db`. */
export function composeCardSide(spec: CardSideSpec, options: { fontRoots?: string[] } = {}): ComposeResult {
  const font = ensureCjkFont(options.fontRoots);
  if (!font.ok) return err({ code: 'noCjkFont', message: font.error.message });
  const canvas = createCanvas(DESIGN_WIDTH, DESIGN_HEIGHT);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, DESIGN_WIDTH, DESIGN_HEIGHT);
  ctx.fillStyle = '#000';
  if (spec.border) {
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 3;
    ctx.strokeRect(12, 12, DESIGN_WIDTH - 24, DESIGN_HEIGHT - 24);
  }
  if (spec.photo) {
    const p = spec.photo;
    const rgba = new Uint8ClampedArray(p.width * p.height * 4);
    for (let i = 0; i < p.width * p.height; i++) {
      const [r, g, b, a] =
        p.channels === 1
          ? [p.pixels[i], p.pixels[i], p.pixels[i], 255]
          : [p.pixels[i * 4], p.pixels[i * 4 + 1], p.pixels[i * 4 + 2], p.pixels[i * 4 + 3]];
      rgba.set([r ?? 255, g ?? 255, b ?? 255, a ?? 255], i * 4);
    }
    const photoCanvas = createCanvas(p.width, p.height);
    const photoCtx = photoCanvas.getContext('2d');
    const imageData = photoCtx.createImageData(p.width, p.height);
    imageData.data.set(rgba);
    photoCtx.putImageData(imageData, 0, 0);
    ctx.drawImage(photoCanvas, p.area.x, p.area.y, p.area.width, p.area.height);
  }
  ctx.textBaseline = 'top';
  for (const t of spec.texts) {
    ctx.font = `${t.bold ? 'bold ' : ''}${t.size}px ${font.value.family}`;
    ctx.textAlign = t.align ?? 'left';
    ctx.fillText(t.text, t.x, t.y);
  }
  const { data } = ctx.getImageData(0, 0, DESIGN_WIDTH, DESIGN_HEIGHT);
  const grey = rgbaToGrey(data, DESIGN_WIDTH, DESIGN_HEIGHT);
  const design = imageToBits(grey, DESIGN_WIDTH, DESIGN_HEIGHT, {
    photoAreas: spec.photo ? [spec.photo.area] : [],
    dither: spec.dither ?? 'floydSteinberg',
  });
  return ok({ design, panel: designToPanelBytes(design) });
}

/** A synthetic greyscale portrait placeholder (radial shading), for tests, the bench and the dev dock. */
export function syntheticPortrait(width = 204, height = 252): CardPhoto['pixels'] {
  const px = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = (x - width / 2) / (width * 0.32);
      const dy = (y - height * 0.4) / (height * 0.3);
      const head = dx * dx + dy * dy;
      const shoulders = y > height * 0.72 ? 70 : 235;
      px[y * width + x] = head < 1 ? Math.round(90 + 120 * head) : shoulders - Math.round((y / height) * 40);
    }
  }
  return px;
}
