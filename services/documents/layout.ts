/**
 * A small layout layer for one-page A4 documents on pdfkit: a cursor that moves down the page,
 * and blocks that official documents are made of — number line, title, field table, paragraphs
 * (Chinese line breaking, justified), signature and seal block, verification QR code, CODE128
 * barcode, footer. Everything is vector (text, rules, QR modules), so it prints and renders crisp
 * at any resolution. Every text is checked against the font before it is drawn (MissingGlyphError),
 * and a block that would run off the page stops the document (LayoutOverflowError): nothing is
 * ever clipped or silently dropped.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { code128Widths } from '../../devices/render/code128';
import { assertGlyphs, documentFonts, type DocumentFont, type FontRole } from './fonts';
import { breakLines } from './line-break';

export const A4 = { width: 595.28, height: 841.89 } as const;
const mm = (n: number) => (n * 72) / 25.4;

export class LayoutOverflowError extends Error {
  override name = 'LayoutOverflowError';
}

export interface PageMeta {
  title: string;
  subject?: string;
  author?: string;
  /** Used as the PDF's creation date, so the same data makes the same document. */
  date: Date;
}

export interface TextStyle {
  font?: FontRole;
  size?: number;
  color?: string;
}

export type FieldRow = readonly [label: string, value: string] | readonly [label: string, value: string, label2: string, value2: string];

const INK = '#111111';
const SEAL_RED = '#d0021b';

/**
 * Lays out a one-page A4 document and returns the PDF. `draw` runs twice: a quick probe that only
 * records which characters each font draws (the set does not depend on where lines break), then
 * the real layout with the fonts subset to exactly those characters (hb-subset).
 */
export async function renderA4Document(meta: PageMeta, draw: (page: A4Page) => void): Promise<Buffer> {
  const fonts = documentFonts();
  const probe = new A4Page(meta, fonts, undefined);
  draw(probe);
  const subsets = {} as Record<FontRole, Uint8Array>;
  for (const font of Object.values(fonts)) subsets[font.role] = font.subsettable().subset(probe.used[font.role]);
  const page = new A4Page(meta, fonts, subsets);
  draw(page);
  return page.finish();
}

export class A4Page {
  readonly left = mm(25);
  readonly right = A4.width - mm(25);
  readonly bottom = A4.height - mm(22);
  /** The cursor: the top of the next block. */
  y = mm(24);
  private readonly doc: PDFKit.PDFDocument;
  private readonly fonts: Record<FontRole, DocumentFont>;
  private readonly done: Promise<Buffer>;
  /** Code points drawn with each font (the first pass collects them for subsetting). */
  readonly used: Record<FontRole, Set<number>> = { body: new Set(), bold: new Set() };

  /** The probe pass draws nothing and measures roughly: it only collects characters. */
  private readonly probe: boolean;

  /** Use renderA4Document; `subsets` are the per-document font subsets (absent in the probe pass). */
  constructor(meta: PageMeta, fonts: Record<FontRole, DocumentFont>, subsets: Record<FontRole, Uint8Array> | undefined) {
    this.fonts = fonts;
    this.probe = subsets === undefined;
    this.doc = new PDFDocument({
      size: 'A4',
      margin: 0,
      autoFirstPage: true,
      info: { Title: meta.title, Subject: meta.subject ?? meta.title, Author: meta.author ?? '', Creator: 'police-kiosk', CreationDate: meta.date },
    });
    const chunks: Buffer[] = [];
    this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    for (const font of Object.values(this.fonts)) {
      const subset = subsets?.[font.role];
      if (subset) this.doc.registerFont(font.role, Buffer.from(subset.buffer, subset.byteOffset, subset.byteLength));
    }
  }

  get width(): number {
    return this.right - this.left;
  }

  /** Moves the cursor down. */
  gap(points: number): this {
    this.y += points;
    return this;
  }

  /** Width of `text` in a style (for layout decisions of the callers). */
  measure(text: string, style: TextStyle = {}, characterSpacing = 0): number {
    this.use(style);
    return this.widthOf(text, style.size ?? 12, characterSpacing);
  }

  /** Width in the current font; the probe pass guesses (one em per character). */
  private widthOf(text: string, size: number, characterSpacing = 0): number {
    if (this.probe) return [...text].length * (size + characterSpacing);
    return this.doc.widthOfString(text, { characterSpacing });
  }

  /** One line of text at an absolute position (checked, never wrapped). */
  textAt(text: string, x: number, y: number, style: TextStyle = {}, options: { align?: 'left' | 'center' | 'right'; width?: number; characterSpacing?: number } = {}): void {
    const role = style.font ?? 'body';
    assertGlyphs(text, this.fonts[role], `"${text.slice(0, 20)}"`);
    for (const c of text) this.used[role].add(c.codePointAt(0) ?? 0);
    if (this.probe) return;
    this.use(style);
    const characterSpacing = options.characterSpacing ?? 0;
    const w = this.doc.widthOfString(text, { characterSpacing });
    const box = options.width ?? this.width;
    const dx = options.align === 'center' ? (box - w) / 2 : options.align === 'right' ? box - w : 0;
    this.doc.text(text, x + dx, y, { lineBreak: false, characterSpacing });
  }

  /** One line at the cursor; moves the cursor below it. */
  line(text: string, style: TextStyle = {}, align: 'left' | 'center' | 'right' = 'left', characterSpacing = 0): this {
    const size = style.size ?? 12;
    this.ensureRoom(size * 1.4, text);
    this.textAt(text, this.left, this.y, style, { align, characterSpacing });
    this.y += size * 1.4;
    return this;
  }

  /** The document title: large, bold, centred and spaced like a printed form's heading. */
  title(text: string, size = 24): this {
    return this.line(text, { font: 'bold', size }, 'center', size * 0.25);
  }

  /**
   * A paragraph broken into lines (Chinese rules), justified except for its last line, with a
   * first-line indent of `indentChars` characters (two, as Chinese documents do).
   */
  paragraph(text: string, style: TextStyle = {}, options: { indentChars?: number; lineHeight?: number } = {}): this {
    const size = style.size ?? 13;
    const lineHeight = size * (options.lineHeight ?? 1.75);
    assertGlyphs(text, this.fonts[style.font ?? 'body'], 'a paragraph');
    this.use(style);
    const indent = size * (options.indentChars ?? 2);
    const width = (s: string) => this.widthOf(s, size);
    const first = breakLines(text, this.width - indent, width);
    const firstLine = first[0] ?? '';
    const rest = breakLines(text.slice(firstLine.length), this.width, width).filter((l) => l !== '');
    const lines = [firstLine, ...rest];
    this.ensureRoom(lines.length * lineHeight, text);
    lines.forEach((line, i) => {
      const x = this.left + (i === 0 ? indent : 0);
      const available = this.right - x;
      const last = i === lines.length - 1;
      const chars = [...line].length;
      const slack = available - width(line);
      const spacing = !last && chars > 1 && slack > 0 && slack / (chars - 1) < size * 0.5 ? slack / (chars - 1) : 0;
      this.textAt(line, x, this.y, style, { characterSpacing: spacing });
      this.y += lineHeight;
    });
    return this;
  }

  /** A ruled table of labelled fields; a row holds one or two label/value pairs. */
  fieldTable(rows: readonly FieldRow[], options: { size?: number; labelWidth?: number; rowHeight?: number } = {}): this {
    const size = options.size ?? 12.5;
    const labelWidth = options.labelWidth ?? mm(28);
    const padding = 6;
    const half = this.width / 2;
    const heights = rows.map((row) => {
      const valueWidth = (row.length === 4 ? half : this.width) - labelWidth - 2 * padding;
      this.use({ size });
      const values = row.length === 4 ? [row[1], row[3]] : [row[1]];
      const lines = Math.max(...values.map((value) => breakLines(value, valueWidth, (s) => this.widthOf(s, size)).length));
      return Math.max(options.rowHeight ?? size * 2.2, lines * size * 1.4 + 2 * padding);
    });
    this.ensureRoom(heights.reduce((a, b) => a + b, 0), 'the field table');
    this.doc.lineWidth(0.8).strokeColor(INK);
    let y = this.y;
    rows.forEach((row, i) => {
      const h = heights[i]!;
      const cells: [string, string, number, number][] = row.length === 4 ? [[row[0], row[1], this.left, half], [row[2], row[3], this.left + half, half]] : [[row[0], row[1], this.left, this.width]];
      for (const [label, value, x, w] of cells) {
        this.doc.rect(x, y, labelWidth, h).fillAndStroke('#f2f2f2', INK);
        this.doc.rect(x + labelWidth, y, w - labelWidth, h).stroke();
        this.textAt(label, x, y + (h - size) / 2 - 1, { font: 'bold', size }, { align: 'center', width: labelWidth });
        this.use({ size });
        const lines = breakLines(value, w - labelWidth - 2 * padding, (s) => this.widthOf(s, size));
        const top = y + (h - lines.length * size * 1.4) / 2 + size * 0.2 - 1;
        lines.forEach((l, n) => this.textAt(l, x + labelWidth + padding, top + n * size * 1.4, { size }));
      }
      y += h;
    });
    this.y = y;
    return this;
  }

  /**
   * The issuer's block at the right: unit name and date, with the round red seal over them (the
   * seal area), as a stamped document looks.
   */
  sealBlock(unit: string, date: string, sealText: string, options: { size?: number } = {}): this {
    const size = options.size ?? 13.5;
    const blockWidth = Math.max(this.measure(unit, { size }), this.measure(date, { size })) + 8;
    this.ensureRoom(size * 3.4 + 20, 'the seal block');
    const x = this.right - blockWidth - mm(8);
    this.textAt(unit, x, this.y, { size }, { align: 'center', width: blockWidth });
    this.textAt(date, x, this.y + size * 1.7, { size }, { align: 'center', width: blockWidth });
    this.seal(x + blockWidth / 2, this.y + size * 1.2, mm(21), sealText);
    this.y += size * 3.4;
    return this;
  }

  /** A round official seal: outer ring, the unit's name along the top arc, a star in the middle. */
  seal(cx: number, cy: number, radius: number, text: string): void {
    assertGlyphs(text, this.fonts.bold, 'the seal');
    for (const c of text) this.used.bold.add(c.codePointAt(0) ?? 0);
    if (this.probe) return;
    const doc = this.doc;
    doc.save();
    doc.opacity(0.85);
    doc.lineWidth(2.6).circle(cx, cy, radius).stroke(SEAL_RED);
    // The name runs clockwise along the upper 240° of the ring, characters upright to the centre.
    const chars = [...text];
    const textRadius = radius * 0.86;
    const sweepDegrees = Math.min(240, 24 * chars.length);
    const arc = (sweepDegrees / 180) * Math.PI * (textRadius - radius * 0.12);
    const size = Math.min(radius * 0.28, arc / Math.max(chars.length, 1) / 1.2);
    this.use({ font: 'bold', size, color: SEAL_RED });
    chars.forEach((c, i) => {
      const angle = -sweepDegrees / 2 + (sweepDegrees * (i + 0.5)) / chars.length;
      doc.save();
      doc.rotate(angle, { origin: [cx, cy] });
      doc.text(c, cx - doc.widthOfString(c) / 2, cy - textRadius, { lineBreak: false });
      doc.restore();
    });
    const star = (r: number) =>
      Array.from({ length: 10 }, (_, k) => {
        const a = -Math.PI / 2 + (k * Math.PI) / 5;
        const rr = k % 2 === 0 ? r : r * 0.382;
        return [cx + rr * Math.cos(a), cy + rr * Math.sin(a)] as [number, number];
      });
    doc.polygon(...star(radius * 0.3)).fill(SEAL_RED);
    doc.restore();
    this.use({});
  }

  /** A QR code drawn as vector modules, with an optional caption under it. */
  qrCode(payload: string, x: number, y: number, size: number, caption?: readonly string[]): void {
    const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
    const count = qr.modules.size;
    const quiet = 2;
    const module = size / (count + 2 * quiet);
    if (!this.probe) {
      this.doc.save().fillColor('#000000');
      // One rectangle per horizontal run of dark modules: a third of the drawing operations.
      for (let row = 0; row < count; row++) {
        for (let col = 0; col < count; ) {
          if (!qr.modules.get(row, col)) {
            col++;
            continue;
          }
          let end = col;
          while (end < count && qr.modules.get(row, end)) end++;
          this.doc.rect(x + (col + quiet) * module, y + (row + quiet) * module, (end - col) * module, module);
          col = end;
        }
      }
      this.doc.fill().restore();
    }
    caption?.forEach((line, i) => this.textAt(line, x - 20, y + size + 2 + i * 11, { size: 8 }, { align: 'center', width: size + 40 }));
  }

  /** A CODE128 barcode of `data` (e.g. a decision number), `height` points tall, with its text. */
  barcode(data: string, x: number, y: number, moduleWidth: number, height: number): number {
    const widths = code128Widths(data);
    if (!widths) throw new RangeError(`cannot encode ${data} as CODE128`);
    let cursor = x;
    if (!this.probe) this.doc.save().fillColor('#000000');
    widths.forEach((w, i) => {
      if (i % 2 === 0 && !this.probe) this.doc.rect(cursor, y, w * moduleWidth, height);
      cursor += w * moduleWidth;
    });
    if (!this.probe) this.doc.fill().restore();
    this.textAt(data, x, y + height + 2, { size: 8 }, { align: 'center', width: cursor - x });
    return cursor - x;
  }

  /** A thin rule across the text width. */
  rule(weight = 0.8): this {
    this.doc.save().lineWidth(weight).strokeColor(INK).moveTo(this.left, this.y).lineTo(this.right, this.y).stroke().restore();
    return this;
  }

  /** Small print at the bottom of the page, above the bottom margin. */
  footer(lines: readonly string[]): void {
    const size = 8.5;
    lines.forEach((text, i) => this.textAt(text, this.left, this.bottom - (lines.length - i) * size * 1.5, { size, color: '#333333' }, { align: 'center' }));
  }

  /** Space kept free at the bottom of the page (QR code, footer), in points above `bottom`. */
  reservedBottom = 40;

  /** Throws unless `height` more points fit above the reserved bottom area. */
  ensureRoom(height: number, what: string): void {
    if (this.probe) return;
    if (this.y + height > this.bottom - this.reservedBottom) {
      throw new LayoutOverflowError(`the document does not fit on one A4 page at ${what.slice(0, 40)} (${Math.ceil(this.y + height - (this.bottom - this.reservedBottom))} pt too long): shorten the text`);
    }
  }

  /** Ends the document; resolves with the PDF bytes. */
  finish(): Promise<Buffer> {
    this.doc.end();
    return this.done;
  }

  private use(style: TextStyle): void {
    if (this.probe) return;
    this.doc.font(style.font ?? 'body').fontSize(style.size ?? 12).fillColor(style.color ?? INK);
  }
}
