/**
 * ID-reader latency benchmark over a REAL socat pseudo-terminal pair.
 *
 * The simulator (device end, SerialLink) paces its replies at 115200 baud; the driver (host end,
 * SerialLink) polls at its default interval. For 50 insertions it measures the time from
 * placeCard() to the driver's cardRead event and prints p50/p95, the theoretical wire time of one
 * read's bytes, half the polling interval, and the driver overhead = p50 − wire − poll/2.
 *
 * Run: npx tsx devices/bench/id-reader.bench.ts   (needs socat; exits on its own)
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { encodeCardData, encodeRequest, encodeResponse, PHOTO_SIZE, TEXT_BLOCK_SIZE } from '../id-reader/frame';
import { IdCardReader } from '../id-reader/driver';
import { fixtureCard } from '../id-reader/fixtures';
import { IdReaderSimulator } from '../id-reader/simulator';
import { nextEvent, statusBecomes } from '../id-reader/test-helpers';
import { SerialLink } from '../link/serial-link';
import { wireTimeMs } from '../link/paced-writer';

const BAUD = 115200;
const POLL_MS = 100;
const READS = 50;

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}

async function startSocat(name: string) {
  const host = `/tmp/${name}-host`;
  const dev = `/tmp/${name}-dev`;
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${host}`, `pty,raw,echo=0,link=${dev}`], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 5000;
  while (!(existsSync(host) && existsSync(dev))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('socat did not start');
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    host,
    dev,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(host, { force: true });
      rmSync(dev, { force: true });
    },
  };
}

async function main(): Promise<void> {
  const pty = await startSocat(`kiosk-bench-${process.pid}`);
  const sim = new IdReaderSimulator(new SerialLink({ path: pty.dev, baudRate: BAUD }), { baudRate: BAUD, paced: true });
  const reader = new IdCardReader(new SerialLink({ path: pty.host, baudRate: BAUD }), { pollIntervalMs: POLL_MS });
  const card = fixtureCard('normalResident');
  const samples: number[] = [];
  try {
    await sim.start();
    await reader.start();
    await statusBecomes(reader, (s) => s.device === 'online' && s.media === 'notPresent', 5000);
    for (let i = 0; i < READS; i++) {
      // Random phase relative to the polling cycle, as for a person placing a card.
      await new Promise((r) => setTimeout(r, Math.random() * POLL_MS));
      const read = nextEvent(reader, 'cardRead', 5000);
      const placedAt = performance.now();
      sim.placeCard(card);
      await read;
      samples.push(performance.now() - placedAt);
      const removed = nextEvent(reader, 'cardRemoved', 5000);
      sim.removeCard();
      await removed;
    }
  } finally {
    await reader.stop();
    await sim.stop();
    await pty.stop();
  }

  const wireBytes =
    encodeRequest('findCard').length +
    encodeResponse(0x9f, new Uint8Array(4)).length +
    encodeRequest('selectCard').length +
    encodeResponse(0x90, new Uint8Array(8)).length +
    encodeRequest('readTextAndPhoto').length +
    encodeResponse(0x90, encodeCardData({ text: Buffer.alloc(TEXT_BLOCK_SIZE), photo: Buffer.alloc(PHOTO_SIZE) }))
      .length;
  const wire = wireTimeMs(wireBytes, BAUD);
  const sorted = [...samples].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  const overhead = p50 - wire - POLL_MS / 2;
  const f = (n: number) => `${n.toFixed(1)} ms`;
  console.log(`ID reader benchmark — socat pty pair, simulator paced at ${BAUD} baud 8N1, ${READS} reads`);
  console.log(
    `  placeCard → cardRead  p50: ${f(p50)}   p95: ${f(p95)}   min: ${f(sorted[0] ?? NaN)}   max: ${f(sorted.at(-1) ?? NaN)}`,
  );
  console.log(
    `  wire time of one read (find+select+read, requests+replies = ${wireBytes} bytes × 10 bits / ${BAUD}): ${f(wire)}`,
  );
  console.log(`  half the polling interval (${POLL_MS} ms / 2): ${f(POLL_MS / 2)}`);
  console.log(
    `  overhead = p50 − wire − poll/2: ${f(overhead)}  (target ≤ 20 ms: ${overhead <= 20 ? 'MET' : 'NOT MET'})`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error('benchmark failed:', error);
    process.exit(1);
  },
);
