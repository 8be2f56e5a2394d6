import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame, encodeRequest, encodeResponse, MAX_LEN } from './frame';
import { IdFrameParser } from './framer';

/** Writes chunks into a fresh parser and collects the frames it emits. */
async function frame(chunks: Uint8Array[], staleMs = 0): Promise<{ frames: Buffer[]; checksumErrors: number }> {
  const parser = new IdFrameParser({ staleMs });
  const frames: Buffer[] = [];
  let checksumErrors = 0;
  parser.onFrame((f) => frames.push(f));
  parser.onChecksumError(() => checksumErrors++);
  for (const c of chunks) parser.write(Buffer.from(c));
  await new Promise<void>((resolve) => setImmediate(resolve));
  parser.reset();
  return { frames, checksumErrors };
}

const hex = (b: Buffer) => b.toString('hex').toUpperCase();

describe('IdFrameParser', () => {
  it('frames the public replies, split byte by byte', async () => {
    const all = Buffer.from('AAAAAA9669000800009F0000000097AAAAAA9669000400008084', 'hex');
    const { frames } = await frame([...all].map((b) => Uint8Array.of(b)));
    expect(frames.map(hex)).toEqual(['AAAAAA9669000800009F0000000097', 'AAAAAA9669000400008084']);
  });

  it('resyncs after a stray byte and a corrupted checksum', async () => {
    const bad = Buffer.from('AAAAAA96690003200123', 'hex');
    const good = Buffer.from('AAAAAA96690003200122', 'hex');
    const { frames, checksumErrors } = await frame([Uint8Array.of(0x00, 0xaa), bad, good]);
    expect(frames.map(hex)).toEqual(['AAAAAA96690003200122']);
    expect(checksumErrors).toBe(1);
  });

  it('treats a length beyond the protocol maximum as garbage', async () => {
    const bogus = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0xff, 0xff]);
    const good = encodeRequest('findCard');
    const { frames } = await frame([bogus, good]);
    expect(frames.map(hex)).toEqual([hex(good)]);
    const tooLong = Buffer.alloc(2);
    tooLong.writeUInt16BE(MAX_LEN + 1);
    expect((await frame([Buffer.concat([Buffer.from('AAAAAA9669', 'hex'), tooLong]), good])).frames).toHaveLength(1);
  });

  it('drops a stalled partial frame so a later reply is not swallowed', async () => {
    const parser = new IdFrameParser({ staleMs: 20 });
    const frames: Buffer[] = [];
    parser.onFrame((f) => frames.push(f));
    // Preamble with a plausible but wrong LEN (0x0500), then silence, then a real reply.
    parser.write(Buffer.from('AAAAAA96690500', 'hex'));
    await new Promise((r) => setTimeout(r, 40));
    parser.write(encodeResponse(0x80));
    await new Promise((r) => setImmediate(r));
    expect(frames.map(hex)).toEqual(['AAAAAA9669000400008084']);
    parser.reset();
  });

  it('emits exactly the valid frames, in order, whatever the garbage and the chunking', async () => {
    const noPreambleByte = fc.integer({ min: 0, max: 255 }).filter((b) => b !== 0xaa);
    const payload = fc.uint8Array({ minLength: 2, maxLength: 300 }).map((a) => a.map((b) => (b === 0xaa ? 0x55 : b)));
    const item = fc.oneof(
      payload.map((p) => ({ kind: 'valid' as const, bytes: encodeFrame(p) })),
      payload.map((p) => {
        const f = encodeFrame(p);
        f.writeUInt8((f[f.length - 1] ?? 0) ^ 0x01, f.length - 1);
        return { kind: 'corrupt' as const, bytes: f };
      }),
      fc
        .array(noPreambleByte, { minLength: 1, maxLength: 40 })
        .map((g) => ({ kind: 'garbage' as const, bytes: Buffer.from(g) })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(item, { maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
        async (items, cuts) => {
          const stream = Buffer.concat(items.map((i) => i.bytes));
          const chunks: Buffer[] = [];
          let at = 0;
          for (let i = 0; at < stream.length; i++) {
            const size = cuts[i % cuts.length] ?? 1;
            chunks.push(stream.subarray(at, at + size));
            at += size;
          }
          const { frames } = await frame(chunks);
          expect(frames.map(hex)).toEqual(items.filter((i) => i.kind === 'valid').map((i) => hex(i.bytes)));
        },
      ),
      { numRuns: 200 },
    );
  });
});
