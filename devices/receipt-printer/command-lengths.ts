/**
 * How long the ESC/POS commands the interpreter knows are, so that it can wait for a command split
 * across chunks and skip one it does not act on: the fixed parameter count of each ESC, FS and GS
 * command (after the two command bytes), and the length of a GB18030 character. Commands with a
 * length prefix or terminator (GS ( k, GS k, GS v 0, GS *, ESC *) are measured where they are parsed.
 */

/** A command or character cut off at the end of the chunk: wait for more bytes. */
export const NEED_MORE = -1;

/** Parameter byte counts of the fixed-length commands (ESC/FS/GS + code → n parameters). */
export const ESC_PARAMS: Record<number, number> = {
  0x40: 0,
  0x61: 1,
  0x45: 1,
  0x21: 1,
  0x64: 1,
  0x4a: 1,
  0x2d: 1,
  0x47: 1,
  0x4d: 1,
  0x74: 1,
  0x52: 1,
  0x32: 0,
  0x33: 1,
  0x20: 1,
  0x24: 2,
  0x5c: 2,
  0x7b: 1,
  0x56: 1,
  0x70: 3,
  0x3d: 1,
  0x65: 1,
  0x55: 1,
  0x72: 1,
  0x53: 0,
  0x4c: 0,
  0x54: 1,
  0x57: 8,
  0x69: 0,
  0x6d: 0,
  0x25: 1,
  0x3f: 1,
  0x63: 2,
  0x42: 2,
  0x43: 1,
  0x6e: 0,
};
export const FS_PARAMS: Record<number, number> = {
  0x26: 0,
  0x2e: 0,
  0x21: 1,
  0x2d: 1,
  0x53: 2,
  0x57: 1,
  0x43: 1,
  0x70: 2,
};
export const GS_PARAMS: Record<number, number> = {
  0x21: 1,
  0x68: 1,
  0x77: 1,
  0x48: 1,
  0x66: 1,
  0x4c: 2,
  0x57: 2,
  0x42: 1,
  0x61: 1,
  0x72: 1,
  0x49: 1,
  0x50: 2,
  0x62: 1,
  0x24: 2,
  0x5c: 2,
  0x2f: 1,
  0x3a: 0,
  0x5e: 3,
};

/** Length of the GB18030 character at `pos` (2 or 4), 0 if invalid, NEED_MORE if cut off. */
export function gb18030Length(buf: Uint8Array, pos: number): number {
  const b0 = buf[pos] ?? 0;
  if (b0 < 0x81 || b0 > 0xfe) return 0;
  if (pos + 1 >= buf.length) return NEED_MORE;
  const b1 = buf[pos + 1] ?? 0;
  if ((b1 >= 0x40 && b1 <= 0x7e) || (b1 >= 0x80 && b1 <= 0xfe)) return 2;
  if (b1 < 0x30 || b1 > 0x39) return 0;
  if (pos + 3 >= buf.length) return NEED_MORE;
  const b2 = buf[pos + 2] ?? 0;
  const b3 = buf[pos + 3] ?? 0;
  return b2 >= 0x81 && b2 <= 0xfe && b3 >= 0x30 && b3 <= 0x39 ? 4 : 0;
}
