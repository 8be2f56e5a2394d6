import { describe, expect, it } from 'vitest';
import { createLinkPair } from '../link/memory-link';
import { permitFixture } from '../travel-permit-sim/fixtures';
import { OcrReader, type OcrReaderEvent } from './driver';
import { OcrReaderSimulator } from './simulator';

async function rig() {
  const pair = createLinkPair();
  const reader = new OcrReader(pair.host);
  const simulator = new OcrReaderSimulator(pair.device, { paced: false });
  const events: OcrReaderEvent[] = [];
  reader.on('event', (e) => events.push(e));
  await simulator.start();
  await reader.start();
  return { reader, simulator, events, pair };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('OcrReader over a serial line', () => {
  it('emits the parsed OCR line of a permit', async () => {
    const { reader, simulator, events } = await rig();
    expect(reader.status().device).toBe('online');
    const line = permitFixture('validHongKongMacao').printedOcrLine;
    await simulator.read(line);
    await until(() => events.length > 0);
    expect(events[0]).toMatchObject({
      name: 'ocrLine',
      data: { documentCode: 'CS', documentNumber: 'C12345678', birthDate: '900101', expiry: '300101', text: line },
    });
  });

  it('rejects a misread line with the failing check digit, and survives garbage', async () => {
    const { simulator, events, pair } = await rig();
    const line = permitFixture('taiwan').printedOcrLine;
    await simulator.misread(line, 5);
    await pair.device.write(Buffer.from([0xff, 0x00, 0x41, 0x0d]));
    await simulator.read(line);
    await until(() => events.length >= 3);
    expect(events.map((e) => e.name)).toEqual(['ocrRejected', 'ocrRejected', 'ocrLine']);
    expect(events[0]).toMatchObject({ data: { problem: { kind: 'checkDigit', field: 'documentNumber', index: 11 } } });
  });

  it('goes offline when the cable is pulled', async () => {
    const { reader, pair } = await rig();
    pair.unplug();
    await until(() => reader.status().device === 'offline');
    expect(reader.status().device).toBe('offline');
  });
});
