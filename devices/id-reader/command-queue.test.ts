import { afterEach, describe, expect, it } from 'vitest';
import { createLinkPair, type LinkPair } from '../link/memory-link';
import { CommandQueue } from './command-queue';
import { plausibleReply } from './driver';
import { encodeCardData, encodeResponse } from './frame';
import { IdFrameParser } from './framer';

let pair: LinkPair | undefined;
afterEach(async () => {
  await pair?.host.close();
  await pair?.device.close();
});

async function rig() {
  const p = createLinkPair();
  pair = p;
  await p.host.open();
  await p.device.open();
  const queue = new CommandQueue(p.host, plausibleReply);
  const framer = new IdFrameParser();
  framer.on('data', (f: Buffer) => queue.onFrame(f));
  p.host.on('data', (c) => framer.write(c));
  const requests: string[] = [];
  p.device.on('data', (c) => requests.push(c.toString('hex').toUpperCase()));
  return { p, queue, requests };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('CommandQueue', () => {
  it('sends one request at a time and matches replies in order', async () => {
    const { p, queue, requests } = await rig();
    const find = queue.exchange('findCard', 200);
    const select = queue.exchange('selectCard', 200);
    await tick();
    expect(requests).toEqual(['AAAAAA96690003200122']);
    await p.device.write(encodeResponse(0x9f, new Uint8Array(4)));
    expect(await find).toMatchObject({ kind: 'reply', reply: { sw3: 0x9f } });
    await tick();
    expect(requests).toHaveLength(2);
    await p.device.write(encodeResponse(0x90, new Uint8Array(8)));
    expect(await select).toMatchObject({ kind: 'reply', reply: { sw3: 0x90 } });
  });

  it('drops a stale reply that does not fit the request in flight', async () => {
    const { p, queue } = await rig();
    const read = queue.exchange('readTextAndPhoto', 300);
    await tick();
    await p.device.write(encodeResponse(0x9f, new Uint8Array(4))); // late "card found"
    await p.device.write(encodeResponse(0x90, new Uint8Array(8))); // late "selected"
    await p.device.write(
      encodeResponse(0x90, encodeCardData({ text: Buffer.alloc(256, 0x20), photo: Buffer.alloc(1024) })),
    );
    const result = await read;
    expect(result.kind === 'reply' && result.reply.data.length).toBe(4 + 256 + 1024);
  });

  it('times out, cancels without freeing the wire early, and fails everything on link loss', async () => {
    const { p, queue, requests } = await rig();
    expect(await queue.exchange('findCard', 20)).toEqual({ kind: 'timeOut' });
    const controller = new AbortController();
    const canceled = queue.exchange('findCard', 100, controller.signal);
    const next = queue.exchange('selectCard', 100);
    await tick();
    controller.abort();
    expect(await canceled).toEqual({ kind: 'canceled' });
    await tick();
    expect(requests).toHaveLength(2); // the select waits until the cancelled find's slot is released
    await p.device.write(encodeResponse(0x80)); // the cancelled find's reply arrives and is consumed
    await tick();
    expect(requests).toHaveLength(3);
    p.unplug();
    queue.failAll('linkDown');
    expect(await next).toEqual({ kind: 'linkDown' });
    expect(await queue.exchange('findCard', 100)).toEqual({ kind: 'linkDown' });
  });
});
