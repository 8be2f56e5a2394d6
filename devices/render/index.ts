/** Shared helpers for rendering printed output: CJK font discovery, PNG encode/decode, CODE128. */
export { ensureCjkFont, findCjkFont, CJK_FAMILY, type FontResult } from './fonts';
export { monoImagesToPng, decodePng, isDark, type MonoImage } from './png';
export { code128Values, code128Widths } from './code128';
