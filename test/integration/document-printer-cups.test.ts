/**
 * The A4 printer driver against a real CUPS scheduler (its own cupsd, port and directories) with
 * the cups-pdf backend: print a signed certificate over IPP, follow the job to completion, and
 * check the PDF that cups-pdf wrote — its QR code reads back as the signed code, which verifies.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentPrinter } from '../../devices/document-printer/driver';
import { buildNoCriminalRecordCertificatePdf, certificateCodePayload } from '../../services/documents/certificate';
import { simulatorSigner, SIMULATOR_ISSUER_KEY } from '../../services/documents/issuer';
import { readQrFromPdf } from '../../services/documents/qr-read';
import { SAMPLE_CERTIFICATE } from '../../services/documents/samples';
import { verifyCode } from '../../services/documents/signing/code';
import { cupsUnavailable, startCups, type CupsRig } from './cups-rig';

const unavailable = cupsUnavailable();
if (unavailable) console.warn(`SKIPPED the CUPS integration test: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('A4 printing through a real CUPS scheduler (cups-pdf)', () => {
  let cups: CupsRig;
  let code: string;
  let pdf: Buffer;
  const driver = (): DocumentPrinter => new DocumentPrinter({ uri: cups.uri, pollIntervalMs: 0, jobPollMs: 100, jobTimeoutMs: 60_000 });

  beforeAll(async () => {
    cups = await startCups();
    code = simulatorSigner().sign(certificateCodePayload(SAMPLE_CERTIFICATE));
    pdf = await buildNoCriminalRecordCertificatePdf(SAMPLE_CERTIFICATE, code);
  }, 60_000);
  afterAll(() => cups?.stop());

  it('prints a certificate over IPP, follows the job to completed, and cups-pdf writes it', async () => {
    const printer = driver();
    await printer.start();
    expect(printer.status()).toMatchObject({ device: 'online', paper: 'full' });
    const result = await printer.print(pdf, { jobId: 'TX-CUPS-1/NCR' });
    expect(result, cups.errorLog()).toMatchObject({ ok: true, value: { foundExisting: false } });
    await printer.stop();

    const outputs = cups.outputs();
    expect(outputs, cups.errorLog()).toHaveLength(1);
    const written = readFileSync(outputs[0]!);
    expect(written.subarray(0, 5).toString()).toBe('%PDF-');
    const read = await readQrFromPdf(written);
    expect(read).toBe(code);
    expect(verifyCode(read!, [SIMULATOR_ISSUER_KEY], '2026-03-02').verdict).toBe('valid');
  }, 60_000);

  it('a restarted kiosk retrying the same job id finds the completed CUPS job and prints nothing more', async () => {
    const restarted = driver();
    await restarted.start();
    const again = await restarted.print(pdf, { jobId: 'TX-CUPS-1/NCR' });
    expect(again).toMatchObject({ ok: true, value: { foundExisting: true, foundState: 'completed' } });
    await restarted.stop();
    expect(cups.outputs()).toHaveLength(1);
  }, 60_000);

  it('refuses while the queue is stopped (cupsdisable) and prints again once it is enabled', async () => {
    cups.admin('cupsdisable', 'kiosk-a4');
    const printer = driver();
    await printer.start();
    const refused = await printer.print(pdf, { jobId: 'TX-CUPS-2/NCR' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'deviceNotReady', error: 'offline' } });
    expect(printer.status().reasons).toContain('paused');
    cups.admin('cupsenable', 'kiosk-a4');
    expect(await printer.print(pdf, { jobId: 'TX-CUPS-2/NCR' })).toMatchObject({ ok: true });
    await printer.stop();
    expect(cups.outputs()).toHaveLength(2);
  }, 60_000);
});
