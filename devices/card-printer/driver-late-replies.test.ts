import { afterEach, describe, expect, it } from 'vitest';
import { createLinkPair } from '../link/memory-link';
import { CardPrinter } from './driver';

let printer: CardPrinter | undefined;
afterEach(async () => {
  await printer?.stop();
});

describe('CardPrinter: a reply that arrives after its command timed out', () => {
  it('is dropped, never taken as the answer to the next command', async () => {
    const pair = createLinkPair();
    await pair.device.open();
    // A hand-played, slow printer: the first sensor query is answered after its timeout ("READY"),
    // later ones on time ("cover open"), so the stale answer lands while the next query waits.
    let sensorQueries = 0;
    pair.device.on('data', (chunk) => {
      const text = chunk.toString('latin1');
      if (text.includes('Rse')) {
        sensorQueries += 1;
        const answer = sensorQueries === 1 ? 'READY\r' : 'ERR_COVER_OPEN\r';
        setTimeout(() => void pair.device.write(Buffer.from(answer, 'latin1')), sensorQueries === 1 ? 450 : 250);
      } else if (text.includes('Rcr')) {
        void pair.device.write(Buffer.from('480\r', 'latin1'));
      } else if (text.length > 0) {
        void pair.device.write(Uint8Array.of(0x06));
      }
    });
    printer = new CardPrinter({ link: pair.host, pollIntervalMs: 0, commandTimeoutMs: 300 });
    const covers: string[] = [];
    printer.on('status', (status) => covers.push(status.cover));
    await printer.start(); // the first sensor query times out; its "READY" is still on its way
    const refreshed = await printer.refreshStatus();
    expect(refreshed).toMatchObject({ ok: true, value: { cover: 'open' } });
    expect(covers).not.toContain('closed'); // the stale READY was never reported
  });
});
