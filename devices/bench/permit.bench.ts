/**
 * Permit read time through a real PC/SC stack: a private pcscd with vsmartcard's virtual reader, the
 * chip simulator as the card, the kiosk's contactless driver over the `smartcard` binding. Measured
 * from the moment the permit is placed to DG1 + DG2 + DG11 + EF.SOD read and passively
 * authenticated, p50/p95, with the bytes that crossed the reader. Target: p95 ≤ 1.5 s for a ~15 KB
 * face. The pcscd presence poll (every 400 ms in vpcd) is part of "placed → detected".
 */
import { ContactlessReader } from '../contactless/driver';
import { pcscdUnavailable, startPcscd } from '../contactless/pcscd-rig';
import { SmartcardPcscTransport } from '../contactless/pcsc-transport';
import { readPermit } from '../icao9303/read-permit';
import { SHORT_READ_CHUNK } from '../icao9303/session';
import { PermitField } from '../travel-permit-sim/field';
import { permitFixture } from '../travel-permit-sim/fixtures';
import { testPki } from '../travel-permit-sim/pki';
import { VpcdCard } from '../travel-permit-sim/vpcd-card';

const RUNS = Number(process.env.BENCH_PERMIT_RUNS ?? 20);
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;

async function main(): Promise<void> {
  const unavailable = pcscdUnavailable();
  if (unavailable) {
    console.log(`permit read via pcscd: skipped (${unavailable})`);
    return;
  }
  const rig = await startPcscd();
  process.env.PCSCLITE_CSOCK_NAME = rig.socketPath;
  const field = new PermitField();
  const card = new VpcdCard(field, { port: rig.vpcdPort });
  card.attach();
  const reader = new ContactlessReader(
    new SmartcardPcscTransport({ reader: `${rig.readerName} 00 00`, pollMs: 1000, retryMs: 200 }),
  );
  const online = new Promise<void>((resolve) => reader.on('status', (s) => s.device === 'online' && resolve()));
  await reader.start();
  await online;
  const template = permitFixture('validHongKongMacao');
  const faceBytes = template.files.get(0x0102)!.length;
  const anchors = [testPki().csca];

  try {
    for (const [label, readChunk, runs] of [
      ['extended-length reads (16 KB)', 0x4000, RUNS],
      ['short reads (223 B)', SHORT_READ_CHUNK, Math.min(5, RUNS)],
    ] as const) {
      const times: number[] = [];
      const detect: number[] = [];
      let apdus = 0;
      let wireBytes = 0;
      let fileBytes = 0;
      for (let i = 0; i < runs; i++) {
        const before = { ...card.counters };
        const inserted = new Promise<number>((resolve) => {
          const off = reader.on('event', (e) => e.name === 'cardInserted' && (off(), resolve(performance.now())));
        });
        const t0 = performance.now();
        const chip = field.place(permitFixture('validHongKongMacao'));
        const seen = await inserted;
        const result = await readPermit({
          channel: reader,
          ocrLine: chip.card.printedOcrLine,
          trustAnchors: anchors,
          readChunk,
          timeoutMs: 5000,
        });
        const t1 = performance.now();
        if (!result.ok) throw new Error(`read failed: ${JSON.stringify(result.error)}`);
        times.push(t1 - t0);
        detect.push(seen - t0);
        apdus = card.counters.apdus - before.apdus;
        wireBytes = card.counters.bytesIn - before.bytesIn + (card.counters.bytesOut - before.bytesOut);
        fileBytes = result.value.permit.bytesRead;
        const removed = new Promise<void>((resolve) => {
          const off = reader.on('event', (e) => e.name === 'cardRemoved' && (off(), resolve()));
        });
        field.remove();
        await removed;
      }
      console.log(`permit read via pcscd + vpcd, ${label}: ${runs} runs`);
      console.log(
        `  placed → verified  p50 ${percentile(times, 50).toFixed(0)} ms  p95 ${percentile(times, 95).toFixed(0)} ms  (target p95 ≤ 1500 ms)`,
      );
      console.log(
        `  of which placed → detected by pcscd  p50 ${percentile(detect, 50).toFixed(0)} ms  p95 ${percentile(detect, 95).toFixed(0)} ms`,
      );
      console.log(
        `  per read: ${apdus} APDUs, ${fileBytes} bytes of files (DG2 ${faceBytes} B), ${wireBytes} bytes of APDUs and responses`,
      );
    }
  } finally {
    card.detach();
    await reader.stop();
    await rig.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error('benchmark failed:', error);
    process.exit(1);
  },
);
