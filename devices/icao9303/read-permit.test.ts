/**
 * readPermit and the endorsement model against the chip simulator, in process: every failure the flow
 * must handle comes back as its typed value.
 */
import { describe, expect, it } from 'vitest';
import { MemoryPcscTransport } from '../contactless/memory-transport';
import { PermitField } from '../travel-permit-sim/field';
import { permitFixture, type PermitFixtureName } from '../travel-permit-sim/fixtures';
import { testPki } from '../travel-permit-sim/pki';
import type { ApduChannel } from './channel';
import {
  confirmEndorsement,
  type EndorsementRecord,
  readEndorsements,
  signAuthorisation,
  writeEndorsement,
} from './endorsement';
import { readPermit } from './read-permit';
import { openSession } from './session';

const NOW = new Date('2026-06-01T00:00:00Z');

function rig(fixture?: PermitFixtureName) {
  const field = new PermitField();
  const transport = new MemoryPcscTransport(field);
  const channel: ApduChannel = {
    transmit: (apdu, options) =>
      transport.transmit(apdu, { timeoutMs: options?.timeoutMs ?? 1000, signal: options?.signal }),
  };
  const chip = fixture ? field.place(fixture) : undefined;
  return { field, channel, chip };
}

const read = (channel: ApduChannel, ocrLine: string) =>
  readPermit({ channel, ocrLine, trustAnchors: [testPki().csca], now: NOW });

describe('readPermit', () => {
  it('reads and verifies a valid Hong Kong/Macao permit', async () => {
    const { channel, chip } = rig('validHongKongMacao');
    const result = await read(channel, chip!.card.printedOcrLine);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const { permit } = result.value;
    expect(permit).toMatchObject({
      documentCode: 'CS',
      documentNumber: 'C12345678',
      expiry: '2030-01-01',
      birthDate: '1990-01-01',
      sex: 'M',
      names: { surname: 'ZHANG', givenNames: 'WEI', chinese: '张伟' },
      passive: 'ok',
    });
    expect(permit.face.format).toBe('jpeg');
    expect([...permit.face.image.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect(permit.face.image.length).toBeGreaterThan(12_000);
    expect(permit.bytesRead).toBeGreaterThan(permit.face.image.length);
  });

  it('reads a Taiwan permit (document code CD)', async () => {
    const { channel, chip } = rig('taiwan');
    const result = await read(channel, chip!.card.printedOcrLine);
    expect(result.ok && result.value.permit).toMatchObject({
      documentCode: 'CD',
      documentNumber: 'T23456789',
      names: { chinese: '陈静' },
    });
  });

  it('reads the same permit with extended-length reads (fewer APDUs)', async () => {
    const { channel, chip } = rig('validHongKongMacao');
    const result = await readPermit({
      channel,
      ocrLine: chip!.card.printedOcrLine,
      trustAnchors: [testPki().csca],
      now: NOW,
      readChunk: 0x4000,
    });
    expect(result.ok).toBe(true);
    expect(chip!.commands).toBeLessThan(20);
  });

  const failures: [PermitFixtureName, Record<string, unknown>][] = [
    ['expired', { kind: 'expired', expiry: '2023-06-15' }],
    ['tamperedDataGroup', { kind: 'hashMismatch', dataGroup: 11 }],
    ['unknownSigner', { kind: 'untrustedSigner' }],
    ['wrongKey', { kind: 'bacFailed' }],
    ['unreadableChip', { kind: 'unreadable' }],
  ];
  it.each(failures)('refuses %s', async (fixture, expected) => {
    const { channel, chip } = rig(fixture);
    const result = await read(channel, chip!.card.printedOcrLine);
    expect(result.ok ? 'read' : result.error).toMatchObject(expected);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result); // errors cross the RPC boundary as they are
  });

  it('refuses a permit whose CSCA is not configured, even when it is genuine', async () => {
    const { channel, chip } = rig('validHongKongMacao');
    const result = await readPermit({
      channel,
      ocrLine: chip!.card.printedOcrLine,
      trustAnchors: [testPki().rogueCsca],
      now: NOW,
    });
    expect(!result.ok && result.error.kind).toBe('untrustedSigner');
  });

  it('reports no chip, a bad OCR line, and a card removed during the read', async () => {
    const empty = rig();
    const line = permitFixture('validHongKongMacao').printedOcrLine;
    expect(await read(empty.channel, line)).toMatchObject({ ok: false, error: { kind: 'noChip' } });
    expect(await read(empty.channel, line.slice(0, 29) + '0')).toMatchObject({
      ok: false,
      error: { kind: 'badOcrLine' },
    });

    const { field, channel, chip } = rig('validHongKongMacao');
    const original = channel.transmit;
    let count = 0;
    channel.transmit = async (apdu, options) => {
      if (++count === 12) field.remove();
      return original(apdu, options);
    };
    expect(await read(channel, chip!.card.printedOcrLine)).toMatchObject({ ok: false, error: { kind: 'cardRemoved' } });
  });

  it('reports cancellation', async () => {
    const { channel, chip } = rig('validHongKongMacao');
    const controller = new AbortController();
    controller.abort();
    const result = await readPermit({
      channel,
      ocrLine: chip!.card.printedOcrLine,
      trustAnchors: [testPki().csca],
      signal: controller.signal,
      now: NOW,
    });
    expect(!result.ok && result.error.kind).toBe('canceled');
  });
});

const RECORD: EndorsementRecord = {
  type: 'G',
  destination: 'HK',
  trips: 1,
  validUntil: '20270601',
  issuingOffice: '110101 北京市公安局东城分局出入境',
  serial: 'E2026060100001',
};

async function session(channel: ApduChannel, ocrLine: string) {
  const { permitOcr } = { permitOcr: ocrLine };
  const s = await openSession(channel, {
    documentNumber: permitOcr.slice(2, 11),
    birthDate: permitOcr.slice(21, 27),
    expiry: permitOcr.slice(13, 19),
  });
  if (!s.ok) throw new Error(s.error.detail);
  return s.value;
}

describe('endorsement write (model)', () => {
  const authorise = (record = RECORD) => signAuthorisation(testPki().endorsementIssuer.privateKey, 'C12345678', record);

  it('writes an authorised record, reads it back, and never writes the same serial twice', async () => {
    const { channel, chip } = rig('validHongKongMacao');
    const s = await session(channel, chip!.card.printedOcrLine);
    expect(await writeEndorsement(s, RECORD, authorise())).toEqual({ ok: true, value: 'written' });
    expect(await writeEndorsement(s, RECORD, authorise())).toEqual({ ok: true, value: 'written' });
    const second = { ...RECORD, serial: 'E2026060100002', destination: 'MO' as const };
    expect(await writeEndorsement(s, second, authorise(second))).toEqual({ ok: true, value: 'written' });
    const back = await readEndorsements(s);
    expect(back.ok && back.value.map((e) => e.record)).toEqual([RECORD, second]);
  });

  it('is refused with a bad authorisation (signed for another permit)', async () => {
    const { channel, chip } = rig('validHongKongMacao');
    const s = await session(channel, chip!.card.printedOcrLine);
    const forOther = signAuthorisation(testPki().endorsementIssuer.privateKey, 'C87654321', RECORD);
    expect(await writeEndorsement(s, RECORD, forOther)).toMatchObject({
      ok: false,
      error: { kind: 'writeRefused', reason: 'authorisation' },
    });
    const back = await readEndorsements(s);
    expect(back.ok && back.value).toEqual([]);
  });

  it.each([
    ['beforeCommit', 'notWritten'],
    ['afterCommit', 'written'],
  ] as const)('card removed mid-write (%s): the read-back says %s', async (phase, outcome) => {
    const { field, channel, chip } = rig('validHongKongMacao');
    const line = chip!.card.printedOcrLine;
    const s = await session(channel, line);
    field.armRemovalDuringWrite(phase);
    expect(await writeEndorsement(s, RECORD, authorise())).toMatchObject({
      ok: false,
      error: { kind: 'writeInterrupted' },
    });
    expect(field.chip).toBeUndefined();
    field.place(chip!.card); // the resident puts the same card back
    const again = await session(channel, line);
    expect(await confirmEndorsement(again, RECORD.serial)).toEqual({ ok: true, value: outcome });
  });
});
