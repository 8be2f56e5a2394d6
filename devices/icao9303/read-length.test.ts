/**
 * How a permit is read: extended-length READ BINARY (few APDUs) with a fallback to short reads for a
 * chip that takes short APDUs only, and a second session on a chip that stayed in the field.
 */
import { describe, expect, it } from 'vitest';
import { MemoryPcscTransport } from '../contactless/memory-transport';
import { PermitField } from '../travel-permit-sim/field';
import { permitFixture } from '../travel-permit-sim/fixtures';
import { testPki } from '../travel-permit-sim/pki';
import type { ApduChannel } from './channel';
import { readEndorsements } from './endorsement';
import { readPermit } from './read-permit';
import { openSession, SHORT_READ_CHUNK } from './session';
import { parseOcrLine } from '../../contract/permit-ocr';

const NOW = new Date('2026-06-01T00:00:00Z');

function place(shortLengthOnly: boolean) {
  const field = new PermitField();
  const transport = new MemoryPcscTransport(field);
  const channel: ApduChannel = { transmit: (apdu, options) => transport.transmit(apdu, { timeoutMs: options?.timeoutMs ?? 1000, signal: options?.signal }) };
  const chip = field.place({ ...permitFixture('validHongKongMacao'), shortLengthOnly });
  return { channel, chip };
}

const read = (channel: ApduChannel, line: string, readChunk: number) => readPermit({ channel, ocrLine: line, trustAnchors: [testPki().csca], now: NOW, readChunk });

describe('read length', () => {
  it('extended-length reads need far fewer APDUs than short ones, for the same verified data', async () => {
    const extended = place(false);
    const a = await read(extended.channel, extended.chip.card.printedOcrLine, 0x4000);
    const short = place(false);
    const b = await read(short.channel, short.chip.card.printedOcrLine, SHORT_READ_CHUNK);
    if (!a.ok || !b.ok) throw new Error('read failed');
    expect(a.value.permit.face.image).toEqual(b.value.permit.face.image);
    expect(extended.chip.commands).toBeLessThan(20);
    expect(short.chip.commands).toBeGreaterThan(60);
  });

  it('a chip that takes short APDUs only refuses the first extended read; a new session with short reads reads it all', async () => {
    const { channel, chip } = place(true);
    const result = await read(channel, chip.card.printedOcrLine, 0x4000);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.permit.documentNumber).toBe('C12345678');
    expect(result.value.session.readChunk).toBe(SHORT_READ_CHUNK);
    // The session it continues with is alive: the endorsement file reads too.
    const held = await readEndorsements(result.value.session, { timeoutMs: 1000 });
    expect(held.ok).toBe(true);
  });

  it('a second session on a chip that stayed in the field (still in the first one) opens', async () => {
    const { channel, chip } = place(false);
    const key = parseOcrLine(chip.card.printedOcrLine);
    if (!key.ok) throw new Error('fixture line');
    const first = await openSession(channel, key.value, { timeoutMs: 1000 });
    const second = await openSession(channel, key.value, { timeoutMs: 1000 });
    expect([first.ok, second.ok]).toEqual([true, true]);
    if (!second.ok) return;
    expect((await readEndorsements(second.value, { timeoutMs: 1000 })).ok).toBe(true);
  });
});
