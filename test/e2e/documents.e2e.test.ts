import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateCodePayload, printIssuedDocument, SAMPLE_CERTIFICATE, simulatorSigner, SIMULATOR_ISSUER_KEY } from '../../services/documents';
import { launchKiosk, RESULTS, type Kiosk, tap } from './harness';

describe('the A4 printer in web mode (IPP simulator) and the developer dock', () => {
  let kiosk: Kiosk;

  beforeAll(async () => {
    kiosk = await launchKiosk({}, { viewport: { width: 1080, height: 1920 } });
    await tap(kiosk.page.getByTestId('start'));
    await kiosk.page.getByTestId('home').waitFor();
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  it('shows the page the simulated A4 printer printed, and its printer-state reasons when it runs out of paper', async () => {
    const { page, runtime } = kiosk;
    const { journal, devices } = runtime.services;
    const tx = journal.begin({ service: 'noCriminalRecord', amountFen: 0 });
    if (!tx.ok) throw new Error(tx.error.message);
    const data = { ...SAMPLE_CERTIFICATE, issuedOn: '2026-03-01' };
    const printed = await printIssuedDocument({
      printer: devices.documentPrinter(),
      journal,
      transactionId: tx.value.id,
      document: { kind: 'NCR', data, code: simulatorSigner().sign(certificateCodePayload(data)) },
      trustedKeys: [SIMULATOR_ISSUER_KEY],
      today: '2026-03-02',
    });
    expect(printed).toMatchObject({ ok: true });

    await tap(page.getByTestId('dev-dock-toggle'));
    await page.getByTestId('dev-printed-a4').waitFor({ timeout: 10_000 });
    await page.getByTestId('dev-printed-a4').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${RESULTS}/dev-dock-a4-printed.png` });

    await tap(page.getByTestId('dev-a4-paper-out'));
    await expect.poll(() => page.getByTestId('dev-documentPrinter-detail').textContent(), { timeout: 10_000 }).toContain('out of paper: load A4 paper');
    await expect.poll(() => page.getByTestId('device-health').textContent(), { timeout: 10_000 }).toContain('设备故障');
    await page.getByTestId('dev-documentPrinter').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${RESULTS}/dev-dock-a4-paper-out.png` });
  });
});
