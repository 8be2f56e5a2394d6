/**
 * The pinyin keyboard's layout in elderly mode (长辈模式), where every key and candidate must be at
 * least 96 × 96 px. A QWERTY row needs ten keys side by side (10 × 96 px plus gaps is more than a
 * portrait screen's content width), so elderly mode lays the letters out in alphabetical order — the
 * order pinyin is taught in (汉语拼音字母表), easier to search for a resident who never typed on a
 * computer — in as many columns as the measured width allows, keys filling the width. Digits and
 * punctuation are a second page behind one key ("123"), so one page never holds more than the
 * letters. Candidates come in pages sized to the width, each wide enough for a four-character word.
 *
 * Pure: the component measures its width and renders what this returns (CSS grid, `1fr` columns).
 */

export const ELDERLY_KEYS = {
  /** Smallest key and candidate side, px. */
  minKey: 96,
  /** Gap between keys, px. */
  gap: 10,
  /** Narrowest candidate: four characters at 40 px with the button's padding and border. */
  minCandidate: 184,
  /** Fewest and most letter columns: below 7 the letters need five rows; above 14 two rows already hold them. */
  minColumns: 7,
  maxColumns: 14,
  minCandidates: 2,
  maxCandidates: 8,
} as const;

/** Letters and the syllable break, in alphabetical order. */
export const ELDERLY_LETTERS: readonly string[] = [...'abcdefghijklmnopqrstuvwxyz', "'"];
/** The second page: digits, then the Chinese comma and full stop. */
export const ELDERLY_SYMBOLS: readonly string[] = [...'1234567890', '，', '。'];

export interface ElderlyKeyboardLayout {
  /** Letter columns of the grid (each `1fr` of the width). */
  columns: number;
  /** The letter page, row by row (balanced: rows differ by one key at most). */
  letterRows: string[][];
  /** The symbol page, row by row, on the same columns. */
  symbolRows: string[][];
  /** Candidates shown at once, between the two paging keys. */
  candidatesPerPage: number;
  /** Width of one letter key at this width, px (for the report and the tests; CSS does the sizing). */
  keyWidth: number;
}

/** Splits keys into `ceil(n / columns)` rows whose lengths differ by one at most, longer rows first. */
export function balancedRows(keys: readonly string[], columns: number): string[][] {
  const count = Math.max(1, Math.ceil(keys.length / columns));
  const short = Math.floor(keys.length / count);
  const longer = keys.length % count;
  const rows: string[][] = [];
  let at = 0;
  for (let row = 0; row < count; row++) {
    const length = short + (row < longer ? 1 : 0);
    rows.push(keys.slice(at, at + length));
    at += length;
  }
  return rows;
}

/**
 * The elderly layout for a keyboard `width` px wide. Columns: as many as fit at `minKey` with their
 * gaps, within [minColumns, maxColumns]; a width too small even for `minColumns` keeps `minColumns`
 * (the keys then shrink, and the end-to-end test that measures them fails loudly).
 */
export function elderlyKeyboardLayout(width: number, keys = ELDERLY_KEYS): ElderlyKeyboardLayout {
  const usable = Math.max(0, width);
  const fit = Math.floor((usable + keys.gap) / (keys.minKey + keys.gap));
  const columns = Math.min(keys.maxColumns, Math.max(keys.minColumns, fit));
  const letterRows = balancedRows(ELDERLY_LETTERS, columns);
  // The letter grid decides the key width; the rows are balanced, so the widest row has
  // ceil(27 / rows) keys, which is what each `1fr` column is sized for.
  const widest = Math.max(...letterRows.map((row) => row.length));
  const gridColumns = Math.max(widest, 1);
  const keyWidth = (usable - (gridColumns - 1) * keys.gap) / gridColumns;
  // Candidates share the row with the two paging keys (each minKey wide).
  const room = usable - 2 * (keys.minKey + keys.gap);
  const candidatesPerPage = Math.min(keys.maxCandidates, Math.max(keys.minCandidates, Math.floor((room + keys.gap) / (keys.minCandidate + keys.gap))));
  return { columns: gridColumns, letterRows, symbolRows: balancedRows(ELDERLY_SYMBOLS, gridColumns), candidatesPerPage, keyWidth };
}
