/** Money as people say it, shared by screens and paper so both read the same: 1000 fen → "10", 1050 → "10.50". */
export function yuan(fen: number): string {
  return fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2);
}
