import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createLinkPair } from '../link/memory-link';
import { PANEL_BYTES } from './bitmap';
import { CardReplyFramer, encodeBitmapDownload, encodeCommand, type CardReply } from './protocol';
import { CardPrinterSimulator } from './simulator';

const cleanups: (() => void)[] = [];
/** Lets in-memory deliveries and replies run: each hop is one setImmediate, a few rounds cover write → parse → reply → deliver. */
const flush = async () => {
  for (let i = 0; i < 6; i++) await new Promise((r) => setImmediate(r));
};
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function setup(options: ConstructorParameters<typeof CardPrinterSimulator>[1] = {}) {
  const pair = createLinkPair();
  const sim = new CardPrinterSimulator(pair.device, options);
  await sim.start();
  await pair.host.open();
  const framer = new CardReplyFramer();
  const replies: CardReply[] = [];
  pair.host.on('data', (chunk) => replies.push(...framer.push(chunk)));
  cleanups.push(() => sim.dispose());
  const send = async (...commands: Uint8Array[]) => {
    for (const c of commands) await pair.host.write(c);
    await flush();
  };
  return { sim, replies, send };
}

const panel = new Uint8Array(PANEL_BYTES).fill(0x0d);

describe('CardPrinterSimulator', () => {
  it('runs the sequence with ACKs and records the card; supplies go down', async () => {
    const { sim, replies, send } = await setup({ cards: 2, ribbon: 3 });
    await send(
      encodeCommand('Pr', 'k'),
      encodeCommand('Ss'),
      encodeCommand('Si'),
      encodeCommand('Sr'),
      encodeBitmapDownload('k', panel),
      encodeCommand('Se'),
    );
    expect(replies).toEqual(Array(6).fill({ kind: 'ack' }));
    expect(sim.cardsPrinted()).toHaveLength(1);
    expect(sim.supplies()).toEqual({ cards: 1, ribbon: 2 });
  });

  it('answers NACK with the documented codes', async () => {
    const { sim, replies, send } = await setup({ cards: 0 });
    await send(encodeCommand('Si')); // not in a sequence
    await send(encodeCommand('Zz')); // unknown command
    await send(encodeCommand('Pr', 'rainbow')); // bad parameter
    await send(encodeCommand('Ss'), encodeCommand('Si')); // feeder empty
    sim.openCover();
    await send(encodeCommand('Ss'));
    sim.closeCover();
    sim.setRibbon(0);
    await send(encodeCommand('Ss'));
    expect(replies.map((r) => (r.kind === 'nack' ? r.char : r.kind))).toEqual(['1', '1', '2', 'ack', 'F', 'C', 'R']);
  });

  it('answers queries with CR-terminated text', async () => {
    const { sim, replies, send } = await setup({ cards: 5, feederNearEmpty: 10, ribbon: 40, ribbonLow: 50 });
    sim.openCover();
    await send(encodeCommand('Rse'), encodeCommand('Rcr'), encodeCommand('Rtp'), encodeCommand('Rlr'));
    expect(replies).toEqual([
      { kind: 'text', text: 'ERR_COVER_OPEN,INF_FEEDER_NEAR_EMPTY,INF_RIBBON_LOW' },
      { kind: 'text', text: '40' },
      { kind: 'text', text: 'Evolis-style simulator' },
      { kind: 'text', text: 'Evolis-style simulator' },
    ]);
  });

  it('a jam takes the card and blocks until cleared', async () => {
    const { sim, replies, send } = await setup({ cards: 30 });
    sim.jamNextCard();
    await send(encodeCommand('Ss'), encodeCommand('Si'), encodeCommand('Rse'), encodeCommand('Ss'));
    expect(replies).toEqual([
      { kind: 'ack' },
      { kind: 'nack', code: 'mechanical', char: 'T' },
      { kind: 'text', text: 'ERR_MECHANICAL' },
      { kind: 'nack', code: 'mechanical', char: 'T' },
    ]);
    sim.clearJam();
    await send(encodeCommand('Ss'));
    expect(replies.at(-1)).toEqual({ kind: 'ack' });
    expect(sim.supplies().cards).toBe(29);
  });

  it('survives arbitrary bytes and still runs a card afterwards', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (garbage) => {
        const { sim, replies, send } = await setup({ panelBytes: PANEL_BYTES });
        await send(garbage, new Uint8Array(PANEL_BYTES + 1)); // worst case: garbage opened a Db payload
        sim.clearJam();
        const before = replies.length;
        await send(
          encodeCommand('Srs'),
          encodeCommand('Ss'),
          encodeCommand('Si'),
          encodeCommand('Sr'),
          encodeBitmapDownload('k', panel),
          encodeCommand('Se'),
        );
        for (let waited = 0; replies.length < before + 6 && waited < 2000; waited += 10)
          await new Promise((r) => setTimeout(r, 10));
        expect(replies.slice(before).map((r) => r.kind)).toEqual(['ack', 'ack', 'ack', 'ack', 'ack', 'ack']);
        expect(sim.cardsPrinted().filter((c) => !c.defect).length).toBeGreaterThanOrEqual(1);
        sim.dispose();
      }),
      { numRuns: 15 },
    );
  });
});
