/**
 * CODE128 encoding to bar/space module widths (ISO/IEC 15417), for drawing the barcodes that the
 * printer would print. Digit-only data of even length uses code set C; everything else set B.
 */

// prettier-ignore
const PATTERNS: readonly string[] = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213',
  '221312', '231212', '112232', '122132', '122231', '113222', '123122', '123221', '223211', '221132',
  '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211',
  '212123', '212321', '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313',
  '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121', '313121', '211331',
  '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111',
  '314111', '221411', '431111', '111224', '111422', '121124', '121421', '141122', '141221', '112214',
  '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141',
  '214121', '412121', '111143', '111341', '131141', '114113', '114311', '411113', '411311', '113141',
  '114131', '311141', '411131', '211412', '211214', '211232', '2331112',
];
const START_B = 104;
const START_C = 105;
const STOP = 106;

/** Symbol values (start, data, check, stop) for `data`; undefined if a character cannot be encoded. */
export function code128Values(data: string): number[] | undefined {
  let values: number[];
  if (data.length > 0 && data.length % 2 === 0 && /^\d+$/.test(data)) {
    values = [START_C];
    for (let i = 0; i < data.length; i += 2) values.push(Number(data.slice(i, i + 2)));
  } else {
    if (!/^[\x20-\x7e]*$/.test(data) || data.length === 0) return undefined;
    values = [START_B, ...Array.from(data, (c) => c.charCodeAt(0) - 32)];
  }
  const check = values.reduce((sum, v, i) => sum + v * Math.max(1, i), 0) % 103;
  return [...values, check, STOP];
}

/** Alternating bar/space widths in modules, starting with a bar. */
export function code128Widths(data: string): number[] | undefined {
  const values = code128Values(data);
  if (!values) return undefined;
  return values.flatMap((v) => Array.from(PATTERNS[v] ?? '', Number));
}
