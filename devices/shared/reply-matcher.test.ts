import { afterEach, describe, expect, it } from 'vitest';
import { plausibleReply } from '../id-reader/commands';
import {
  decodeResponse,
  encodeCardData,
  encodeRequest,
  encodeResponse,
  type CommandName,
  type DecodedResponse,
} from '../id-reader/frame';
import { IdFrameParser } from '../id-reader/framer';
import { createLinkPair, type LinkPair } from '../link/memory-link';
import { awaitReply, ReplyMatcher, type ReplyMatcherOptions } from './reply-matcher';

let pair: LinkPair | undefined;
afterEach(async () => {
  await pair?.host.close();
  await pair?.device.close();
});

/** The ID reader's frames over an in-memory link, matched as the driver matches them. */
async function rig(options: ReplyMatcherOptions = { quietMs: 0, holdCanceled: true }) {
  const p = createLinkPair();
  pair = p;
  await p.host.open();
  await p.device.open();
  const matcher = new ReplyMatcher<DecodedResponse>(p.host, options);
  const framer = new IdFrameParser();
  framer.onFrame((f) => matcher.onReply(decodeResponse(f)));
  p.host.on('data', (c) => framer.write(c));
  const requests: string[] = [];
  p.device.on('data', (c) => requests.push(c.toString('hex').toUpperCase()));
  const exchange = (command: CommandName, timeoutMs: number, signal?: AbortSignal) =>
    matcher.exchange({
      bytes: encodeRequest(command),
      timeoutMs,
      accepts: (reply) => plausibleReply(command, reply),
      ...(signal ? { signal } : {}),
    });
  return { p, matcher, exchange, requests };
}

/** A printer-like rig: untagged one-byte replies. */
async function byteRig(quietMs: number) {
  const p = createLinkPair();
  pair = p;
  await p.host.open();
  await p.device.open();
  const matcher = new ReplyMatcher<number>(p.host, { quietMs });
  p.host.on('data', (chunk) => {
    matcher.activity();
    for (const byte of chunk) matcher.onReply(byte);
  });
  const requests: number[] = [];
  p.device.on('data', (c) => requests.push(...c));
  return { p, matcher, requests };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('ReplyMatcher', () => {
  it('sends one request at a time and matches replies in order', async () => {
    const { p, exchange, requests } = await rig();
    const find = exchange('findCard', 200);
    const select = exchange('selectCard', 200);
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
    const { p, exchange } = await rig();
    const read = exchange('readTextAndPhoto', 300);
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
    const { p, matcher, exchange, requests } = await rig();
    expect(await exchange('findCard', 20)).toEqual({ kind: 'timeOut' });
    const controller = new AbortController();
    const canceled = exchange('findCard', 100, controller.signal);
    const next = exchange('selectCard', 100);
    await tick();
    controller.abort();
    expect(await canceled).toEqual({ kind: 'canceled' });
    await tick();
    expect(requests).toHaveLength(2); // the select waits until the cancelled find's slot is released
    await p.device.write(encodeResponse(0x80)); // the cancelled find's reply arrives and is consumed
    await tick();
    expect(requests).toHaveLength(3);
    p.unplug();
    matcher.failAll('offline');
    expect(await next).toEqual({ kind: 'offline' });
    expect(await exchange('findCard', 100)).toEqual({ kind: 'offline' });
  });

  it('drops the late replies of an abandoned request instead of answering the next one with them', async () => {
    const { p, matcher, requests } = await byteRig(1000);
    expect(await matcher.exchangeMany({ bytes: Uint8Array.of(1), timeoutMs: 20 }, 2)).toEqual({ kind: 'timeOut' });
    const next = matcher.exchange({ bytes: Uint8Array.of(2), timeoutMs: 500 });
    await tick();
    expect(requests).toEqual([1]); // held back while the first request's replies are owed
    await p.device.write(Uint8Array.of(0xa1, 0xa2)); // the late answers: paid and dropped
    await tick();
    expect(requests).toEqual([1, 2]);
    await p.device.write(Uint8Array.of(0xb0));
    expect(await next).toEqual({ kind: 'reply', reply: 0xb0 });
  });

  it('writes owed replies off after quietMs of silence, so a dead device does not starve later requests', async () => {
    const { p, matcher } = await byteRig(40);
    const controller = new AbortController();
    const first = matcher.exchange({ bytes: Uint8Array.of(1), timeoutMs: 500, signal: controller.signal });
    await tick();
    controller.abort();
    expect(await first).toEqual({ kind: 'canceled' });
    const started = performance.now();
    const next = matcher.exchange({ bytes: Uint8Array.of(2), timeoutMs: 500 });
    await new Promise((r) => setTimeout(r, 60));
    await p.device.write(Uint8Array.of(0xb1)); // answers the second request: the owed reply was written off
    expect(await next).toEqual({ kind: 'reply', reply: 0xb1 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
  });

  it('collects several replies for one request and answers offline when the link is not open', async () => {
    const { p, matcher } = await byteRig(100);
    const four = matcher.exchangeMany({ bytes: Uint8Array.of(0x10, 0x04, 1), timeoutMs: 300 }, 4);
    await tick();
    await p.device.write(Uint8Array.of(0x12, 0x12));
    await p.device.write(Uint8Array.of(0x12, 0x12, 0x77)); // the fifth byte answers nobody
    expect(await four).toEqual({ kind: 'reply', reply: [0x12, 0x12, 0x12, 0x12] });
    await p.host.close();
    expect(await matcher.exchange({ bytes: Uint8Array.of(1), timeoutMs: 100 })).toEqual({ kind: 'offline' });
  });
});

describe('awaitReply', () => {
  it('gives the reply, or timeOut, or canceled, and never rejects for a late failure', async () => {
    expect(await awaitReply(Promise.resolve(7), 100)).toEqual({ kind: 'reply', reply: 7 });
    expect(await awaitReply(new Promise(() => undefined), 10)).toEqual({ kind: 'timeOut' });
    const controller = new AbortController();
    const late = new Promise<number>((_, reject) => setTimeout(() => reject(new Error('late')), 20));
    const pending = awaitReply(late, 1000, controller.signal);
    controller.abort();
    expect(await pending).toEqual({ kind: 'canceled' });
    await new Promise((r) => setTimeout(r, 30)); // the late rejection is swallowed
    await expect(awaitReply(Promise.reject(new Error('PC/SC: gone')), 100)).rejects.toThrow('PC/SC: gone');
  });
});
