/**
 * Font subsetting with HarfBuzz's hb-subset (harfbuzzjs, the HarfBuzz project's WebAssembly build).
 *
 * pdfkit subsets fonts itself (fontkit), but fontkit copies a CFF font's subroutines whole, and
 * Noto CJK's are large: about 60 KB per face per document whatever the text. hb-subset keeps only
 * what the used glyphs need, so the face pdfkit then embeds is a few KB. The npm wrapper
 * `subset-font` always takes face 0 of a file and the Noto CJK faces live in .ttc collections, so
 * this calls the same hb-subset functions with the face index, and keeps each collection loaded in
 * WebAssembly memory (loaded once, subset per document).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface HarfBuzzSubset {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_get_flags(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_set(input: number, setType: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_READONLY = 1;
const HB_SUBSET_FLAGS_NO_HINTING = 0x00000001;
const HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE = 0x00000200;
const HB_SUBSET_SETS_DROP_TABLE_TAG = 3;
/** OpenType layout and vertical-writing tables: a PDF of horizontal text positions glyphs itself. */
const DROPPED_TABLES = ['GSUB', 'GPOS', 'GDEF', 'BASE', 'JSTF', 'VORG', 'vhea', 'vmtx', 'DSIG'];
const tag = (name: string) => [...name].reduce((acc, c) => (acc << 8) + c.charCodeAt(0), 0) >>> 0;

let harfbuzz: HarfBuzzSubset | undefined;

function hb(): HarfBuzzSubset {
  if (harfbuzz) return harfbuzz;
  // From source (ESM) resolve from this module; in the Electron core bundle (CommonJS) import.meta
  // is empty and __filename is the bundle's own path.
  const base = typeof __filename === 'string' ? __filename : import.meta.url;
  const wasmPath = createRequire(base).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm');
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  const instance = new WebAssembly.Instance(module, {});
  harfbuzz = instance.exports as unknown as HarfBuzzSubset;
  harfbuzz._initialize();
  return harfbuzz;
}

/** One face of a font file, held in HarfBuzz's memory for repeated subsetting. */
export class SubsettableFace {
  private readonly face: number;

  constructor(data: Uint8Array, faceIndex: number) {
    const h = hb();
    const pointer = h.malloc(data.byteLength);
    if (pointer === 0) throw new Error(`HarfBuzz has no memory left for a ${data.byteLength}-byte font`);
    new Uint8Array(h.memory.buffer).set(data, pointer);
    // The blob borrows the copy for the life of the face: it is never freed (one per font, once).
    const blob = h.hb_blob_create(pointer, data.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
    this.face = h.hb_face_create(blob, faceIndex);
    h.hb_blob_destroy(blob);
  }

  /** An OpenType font with only the glyphs for `codePoints` (plus what they need). */
  subset(codePoints: Iterable<number>): Uint8Array {
    const h = hb();
    const input = h.hb_subset_input_create_or_fail();
    if (input === 0) throw new Error('hb_subset_input_create_or_fail failed');
    let subsetFace: number;
    try {
      h.hb_subset_input_set_flags(input, h.hb_subset_input_get_flags(input) | HB_SUBSET_FLAGS_NO_HINTING | HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE);
      const dropped = h.hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
      for (const name of DROPPED_TABLES) h.hb_set_add(dropped, tag(name));
      const unicodes = h.hb_subset_input_unicode_set(input);
      for (const codePoint of codePoints) h.hb_set_add(unicodes, codePoint);
      subsetFace = h.hb_subset_or_fail(this.face, input);
    } finally {
      h.hb_subset_input_destroy(input);
    }
    if (subsetFace === 0) throw new Error('hb-subset failed to subset the font');
    const blob = h.hb_face_reference_blob(subsetFace);
    try {
      const offset = h.hb_blob_get_data(blob, 0);
      const length = h.hb_blob_get_length(blob);
      if (length === 0) throw new Error('hb-subset produced an empty font');
      return new Uint8Array(h.memory.buffer, offset, length).slice();
    } finally {
      h.hb_blob_destroy(blob);
      h.hb_face_destroy(subsetFace);
    }
  }
}
