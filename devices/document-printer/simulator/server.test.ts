import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attr, charsetAndLanguage } from '../ipp/attributes';
import { decodeMessage, encodeMessage, type IppMessage } from '../ipp/codec';
import { sendIpp } from '../ipp/transport';
import { sharedRenderer } from '../test-support';
import { IppPrinterSimulator } from './server';

const renderer = sharedRenderer();
const simulator = new IppPrinterSimulator({ renderer, pageMs: 10 });
beforeAll(() => simulator.start());
afterAll(async () => {
  await simulator.stop();
  await renderer.close();
});

const request = (code: number, attributes = [...charsetAndLanguage(), attr.uri('printer-uri', simulator.uri)]): IppMessage => ({
  version: { major: 2, minor: 0 },
  code,
  requestId: 7,
  groups: [{ tag: 0x01, attributes }],
  data: new Uint8Array(),
});

describe('the IPP printer simulator speaks IPP', () => {
  it('answers Get-Printer-Attributes with state, reasons and capabilities', async () => {
    const reply = await sendIpp(simulator.uri, request(0x000b), { timeoutMs: 2000 });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.message).toMatchObject({ code: 0, requestId: 7 });
    const printer = reply.message.groups.find((g) => g.tag === 0x04)!.attributes;
    expect(printer.find((a) => a.name === 'printer-state')?.values).toEqual([{ type: 'enum', value: 3 }]);
    expect(printer.find((a) => a.name === 'document-format-supported')?.values).toEqual([{ type: 'string', tag: 0x49, value: 'application/pdf' }]);
  });

  it('answers client-error-bad-request without the charset and language, and operation-not-supported for others', async () => {
    const bad = await sendIpp(simulator.uri, request(0x000b, [attr.uri('printer-uri', simulator.uri)]), { timeoutMs: 2000 });
    expect(bad.ok && bad.message.code).toBe(0x0400);
    const unsupported = await sendIpp(simulator.uri, request(0x0005), { timeoutMs: 2000 });
    expect(unsupported.ok && unsupported.message.code).toBe(0x0501);
    const missing = await sendIpp(simulator.uri, request(0x0009, [...charsetAndLanguage(), attr.uri('printer-uri', simulator.uri), attr.integer('job-id', 999)]), { timeoutMs: 2000 });
    expect(missing.ok && missing.message.code).toBe(0x0406);
  });

  it('refuses HTTP that is not an IPP POST, and bytes that are not IPP', async () => {
    const url = simulator.uri.replace('ipp://', 'http://');
    expect((await fetch(url)).status).toBe(405);
    expect((await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' })).status).toBe(400);
    const garbage = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/ipp' }, body: new Uint8Array([1, 1, 0]) });
    expect(garbage.status).toBe(400);
    expect(await garbage.text()).toMatch(/not a valid IPP message/);
    const wrongPath = await fetch(url.replace('/ipp/print', '/ipp/other'), { method: 'POST', headers: { 'content-type': 'application/ipp' }, body: new Uint8Array(encodeMessage(request(0x000b))) });
    expect(decodeMessage(new Uint8Array(await wrongPath.arrayBuffer())).code).toBe(0x0406);
  });
});
