/**
 * Chinese line breaking for printed documents (pure). Lines may break between any two Chinese
 * characters, but never inside a run of Latin letters or digits (an ID number, a date such as
 * 2026年3月1日 keeps "2026" whole), never before closing punctuation (，。、；：？！）》」』】〕…
 * cannot start a line) and never after opening punctuation (（《「『【〔 cannot end one): the
 * 禁则 rules of GB/T 15834 practice and JIS X 4051.
 */

/** Characters that must not start a line. */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕〉’”…—·%‰,.;:?!)]}']);
/** Characters that must not end a line. */
const NO_LINE_END = new Set([...'（《「『【〔〈‘“([{']);
const WORD = /[A-Za-z0-9@#&*+=/_\-.:]/;

/** Splits text into pieces that may not be broken further, with the no-break rules applied. */
export function breakUnits(text: string): string[] {
  const chars = [...text];
  const units: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const previous = units.length - 1;
    const lastChar = previous >= 0 ? [...units[previous]!].at(-1)! : '';
    const continuesWord = WORD.test(c) && previous >= 0 && WORD.test(lastChar);
    if (continuesWord || NO_LINE_START.has(c) || (previous >= 0 && NO_LINE_END.has(lastChar))) {
      if (previous >= 0) {
        units[previous] += c;
        continue;
      }
    }
    units.push(c);
  }
  return units;
}

/** Breaks one paragraph (no newlines) into lines no wider than `maxWidth`. */
export function breakLines(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const unit of breakUnits(text)) {
    if (line !== '' && measure(line + unit) > maxWidth) {
      lines.push(line);
      line = '';
    }
    if (line === '' && measure(unit) > maxWidth) {
      // A unit wider than the line (a very long number): break it by characters, as a last resort.
      for (const c of unit) {
        if (line !== '' && measure(line + c) > maxWidth) {
          lines.push(line);
          line = '';
        }
        line += c;
      }
      continue;
    }
    line += unit;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}
