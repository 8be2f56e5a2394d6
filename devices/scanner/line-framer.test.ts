import { describe, expect, it } from 'vitest';
import { ScanLineParser } from './line-framer';

function lines(chunks: Array<string | Uint8Array>, maxLength?: number): string[] {
  const parser = new ScanLineParser(maxLength === undefined ? {} : { maxLength });
  const out: string[] = [];
  parser.onFrame((l) => out.push(l));
  for (const c of chunks) parser.write(typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c));
  return out;
}

describe('ScanLineParser', () => {
  it('splits CR and CR LF terminated scans across chunks and drops empty lines', () => {
    expect(lines(['ABC', '123\r', 'DEF\r\n', '\r\r\n', 'G', 'H\n'])).toEqual(['ABC123', 'DEF', 'GH']);
  });

  it('keeps UTF-8 text and strips control characters', () => {
    expect(lines(['预约号 A12\r', Uint8Array.of(0x02, 0x41, 0x1b, 0x42, 0x7f, 0x0d)])).toEqual(['预约号 A12', 'AB']);
  });

  it('discards an over-long line up to its terminator, then resyncs', () => {
    expect(lines(['x'.repeat(20), 'y'.repeat(20), '\rok\r'], 32)).toEqual(['ok']);
    expect(lines(['x'.repeat(32) + '\r'], 32)).toEqual(['x'.repeat(32)]);
  });

  it('does not emit an unterminated tail', () => {
    expect(lines(['partial'])).toEqual([]);
  });
});
