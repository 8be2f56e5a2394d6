/**
 * The virtual permit on a real PC/SC stack: a private pcscd loads vsmartcard's vpcd, the chip
 * simulator connects to vpcd over TCP, and the kiosk's driver reads the permit through pcscd with the
 * `smartcard` binding — exactly the path a hardware reader takes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  confirmEndorsement,
  type EndorsementRecord,
  signAuthorisation,
  writeEndorsement,
} from '../icao9303/endorsement';
import { readPermit } from '../icao9303/read-permit';
import { openSession } from '../icao9303/session';
import { PermitField } from '../travel-permit-sim/field';
import { testPki } from '../travel-permit-sim/pki';
import { VpcdCard } from '../travel-permit-sim/vpcd-card';
import { ContactlessReader, type ContactlessEvent } from './driver';
import { type PcscdRig, pcscdUnavailable, startPcscd } from './pcscd-rig';
import { SmartcardPcscTransport } from './pcsc-transport';

const unavailable = pcscdUnavailable();
if (unavailable && process.env.CI) throw new Error(`pcscd test cannot run in CI: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('contactless reader through pcscd and vpcd', () => {
  let rig: PcscdRig;
  let reader: ContactlessReader;
  let card: VpcdCard;
  const field = new PermitField();
  const events: ContactlessEvent['name'][] = [];
  const NOW = new Date('2026-06-01T00:00:00Z');

  const nextEvent = (name: ContactlessEvent['name']) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${name} within 5 s`)), 5000);
      const off = reader.on('event', (event) => {
        if (event.name !== name) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });

  beforeAll(async () => {
    rig = await startPcscd();
    process.env.PCSCLITE_CSOCK_NAME = rig.socketPath; // libpcsclite reads it on its first connection
    card = new VpcdCard(field, { port: rig.vpcdPort });
    card.attach();
    reader = new ContactlessReader(
      new SmartcardPcscTransport({ reader: `${rig.readerName} 00 00`, pollMs: 500, retryMs: 200 }),
      { id: 'permitReader' },
    );
    reader.on('event', (event) => events.push(event.name));
    const online = new Promise<void>((resolve) => reader.on('status', (s) => s.device === 'online' && resolve()));
    await reader.start();
    await online;
  });

  afterAll(async () => {
    card?.detach();
    await reader?.stop();
    await rig?.stop();
  });

  it('sees a permit placed and removed, and reads and verifies it', async () => {
    expect(reader.status()).toMatchObject({ device: 'online', media: 'notPresent' });
    const inserted = nextEvent('cardInserted');
    const chip = field.place('validHongKongMacao');
    await inserted;
    expect(reader.status().media).toBe('present');
    const result = await readPermit({
      channel: reader,
      ocrLine: chip.card.printedOcrLine,
      trustAnchors: [testPki().csca],
      now: NOW,
      readChunk: 0x4000,
      timeoutMs: 3000,
    });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.permit).toMatchObject({
      documentNumber: 'C12345678',
      names: { chinese: '张伟' },
      passive: 'ok',
    });
    expect(card.counters.apdus).toBeGreaterThan(10);
    const removed = nextEvent('cardRemoved');
    field.remove();
    await removed;
    expect(reader.status().media).toBe('notPresent');
    expect(await reader.transmit(Uint8Array.of(0, 0x84, 0, 0, 8))).toMatchObject({
      ok: false,
      error: { code: 'hardwareError', error: 'mediaRemoved' },
    });
  });

  it('refuses a wrong OCR line (BAC) and a tampered data group through the stack', async () => {
    let inserted = nextEvent('cardInserted');
    let chip = field.place('wrongKey');
    await inserted;
    expect(
      await readPermit({
        channel: reader,
        ocrLine: chip.card.printedOcrLine,
        trustAnchors: [testPki().csca],
        now: NOW,
      }),
    ).toMatchObject({ ok: false, error: { kind: 'bacFailed' } });
    inserted = nextEvent('cardInserted');
    chip = field.place('tamperedDataGroup');
    await inserted;
    const tampered = await readPermit({
      channel: reader,
      ocrLine: chip.card.printedOcrLine,
      trustAnchors: [testPki().csca],
      now: NOW,
      readChunk: 0x4000,
    });
    expect(tampered).toMatchObject({ ok: false, error: { kind: 'hashMismatch', dataGroup: 11 } });
    field.remove();
  });

  it('a card removed after the chip committed a write: the write is interrupted, the read-back finds it', async () => {
    const record: EndorsementRecord = {
      type: 'L',
      destination: 'HKMO',
      trips: 2,
      validUntil: '20261231',
      issuingOffice: '110101',
      serial: 'E-PCSC-1',
    };
    let inserted = nextEvent('cardInserted');
    const chip = field.place('validHongKongMacao');
    await inserted;
    const line = chip.card.printedOcrLine;
    const key = { documentNumber: line.slice(2, 11), birthDate: line.slice(21, 27), expiry: line.slice(13, 19) };
    const session = await openSession(reader, key);
    if (!session.ok) throw new Error(session.error.detail);
    field.armRemovalDuringWrite('afterCommit');
    const removed = nextEvent('cardRemoved');
    const auth = signAuthorisation(testPki().endorsementIssuer.privateKey, key.documentNumber, record);
    expect(await writeEndorsement(session.value, record, auth, { timeoutMs: 3000 })).toMatchObject({
      ok: false,
      error: { kind: 'writeInterrupted' },
    });
    await removed;
    inserted = nextEvent('cardInserted');
    field.place(chip.card);
    await inserted;
    const again = await openSession(reader, key);
    if (!again.ok) throw new Error(again.error.detail);
    expect(await confirmEndorsement(again.value, record.serial)).toEqual({ ok: true, value: 'written' });
    field.remove();
  });
});
