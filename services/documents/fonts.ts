/**
 * The fonts of printed A4 documents: Noto Serif CJK SC regular and bold (宋体-style body and bold
 * titles, as official documents use), taken out of the .ttc collections
 * that fonts-noto-cjk installs by PostScript name. pdfkit embeds them subset (only the glyphs
 * used), so a one-page document stays in the tens of kilobytes.
 *
 * A character the font does not have would print as an empty box: every text is checked first,
 * and a missing one stops the document with an error that names it (MissingGlyphError).
 */
import * as fontkit from 'fontkit';
import { readFileSync } from 'node:fs';
import { findFontFile } from '../../devices/render/fonts';
import { SubsettableFace } from './font-subset';

export type FontRole = 'body' | 'bold';

export interface DocumentFont {
  role: FontRole;
  file: string;
  postscriptName: string;
  /** The collection's bytes (pdfkit takes the buffer plus the PostScript name). */
  data: Buffer;
  /** The face parsed by fontkit (metrics, glyph coverage); shared by every document. */
  face: fontkit.Font;
  /** Index of the face in its collection. */
  faceIndex: number;
  /** The face in HarfBuzz, for per-document subsets (loaded on first use). */
  subsettable(): SubsettableFace;
}

export class MissingGlyphError extends Error {
  override name = 'MissingGlyphError';
  constructor(
    readonly character: string,
    readonly codePoint: string,
    readonly fontName: string,
    readonly where: string,
  ) {
    super(`the character ${character} (${codePoint}) in ${where} is not in the font ${fontName}; the document was not made (it would print a blank box)`);
  }
}

export class FontUnavailableError extends Error {
  override name = 'FontUnavailableError';
}

const SOURCES: Record<FontRole, { files: RegExp[]; postscriptName: string }> = {
  body: { files: [/^NotoSerifCJK-Regular\.ttc$/i], postscriptName: 'NotoSerifCJKsc-Regular' },
  bold: { files: [/^NotoSerifCJK-Bold\.ttc$/i], postscriptName: 'NotoSerifCJKsc-Bold' },
};

let cache: Record<FontRole, DocumentFont> | undefined;

/** Loads (once) the three document fonts. Throws FontUnavailableError saying what to install. */
export function documentFonts(roots?: string[]): Record<FontRole, DocumentFont> {
  if (cache && !roots) return cache;
  const load = (role: FontRole): DocumentFont => {
    const { files, postscriptName } = SOURCES[role];
    const file = findFontFile(files, roots);
    if (!file) throw new FontUnavailableError(`no ${postscriptName} font found: install fonts-noto-cjk (apt-get install fonts-noto-cjk)`);
    const data = readFileSync(file);
    const face = fontkit.create(data, postscriptName);
    if (!('hasGlyphForCodePoint' in face)) throw new FontUnavailableError(`${file} has no face called ${postscriptName}`);
    const collection = fontkit.create(data);
    const faceIndex = 'fonts' in collection ? collection.fonts.findIndex((f) => f.postscriptName === postscriptName) : 0;
    let subsettable: SubsettableFace | undefined;
    return { role, file, postscriptName, data, face, faceIndex, subsettable: () => (subsettable ??= new SubsettableFace(data, faceIndex)) };
  };
  const fonts = { body: load('body'), bold: load('bold') };
  if (!roots) cache = fonts;
  return fonts;
}

/** Throws MissingGlyphError for the first character of `text` the font cannot draw. */
export function assertGlyphs(text: string, font: DocumentFont, where: string): void {
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0;
    if (codePoint < 0x20 && character !== '\n') continue;
    if (character === '\n') continue;
    if (!font.face.hasGlyphForCodePoint(codePoint)) {
      throw new MissingGlyphError(character, `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`, font.postscriptName, where);
    }
  }
}

/**
 * Loads the fonts and hands them to HarfBuzz now, so the first document a resident waits for is
 * not the one that pays for reading ~50 MB of font collections (about half a second).
 */
export function warmUpDocumentFonts(): void {
  for (const font of Object.values(documentFonts())) font.subsettable();
}
