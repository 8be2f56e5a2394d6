import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchKiosk, RESULTS, tap, type Kiosk } from './harness';

describe('live device health and the developer dock (web mode, simulated devices)', () => {
  let kiosk: Kiosk;

  beforeAll(async () => {
    kiosk = await launchKiosk();
    await tap(kiosk.page.getByTestId('start'));
    await kiosk.page.getByTestId('home').waitFor();
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  const healthText = () => kiosk.page.getByTestId('device-health').textContent();

  it('shows every simulated device healthy in the status bar', async () => {
    await expect.poll(healthText, { timeout: 10_000 }).toContain('设备正常');
  });

  it('turns red when a cable is pulled in the dock and green again when it is plugged back, without a restart', async () => {
    const { page } = kiosk;
    await tap(page.getByTestId('dev-dock-toggle'));
    await page.getByTestId('dev-dock').waitFor();
    await page.getByTestId('dev-receiptPrinter-cable').waitFor();
    await page.screenshot({ path: `${RESULTS}/dev-dock.png` });
    expect(await axeViolations(page)).toEqual([]);

    await tap(page.getByTestId('dev-receiptPrinter-cable'));
    await expect.poll(healthText, { timeout: 10_000 }).toContain('设备故障');
    expect(await page.getByTestId('device-health').getAttribute('class')).toContain('health-down');
    await expect.poll(() => page.getByTestId('dev-receiptPrinter-cable').textContent()).toContain('Plug cable');
    await page.screenshot({ path: `${RESULTS}/device-cable-pulled.png` });

    await tap(page.getByTestId('dev-receiptPrinter-cable'));
    await expect.poll(healthText, { timeout: 10_000 }).toContain('设备正常');
    expect(await page.getByTestId('device-health').getAttribute('class')).toContain('health-ok');
  });

  it('running the receipt printer out of paper shows as a fault too', async () => {
    const { page } = kiosk;
    await tap(page.getByTestId('dev-paper-out'));
    await expect.poll(healthText, { timeout: 10_000 }).toContain('设备故障');
    await tap(page.getByRole('button', { name: 'Reload' }));
    await expect.poll(healthText, { timeout: 10_000 }).toContain('设备正常');
  });

  it('places a fixture card on the simulated reader through the dock', async () => {
    const { page } = kiosk;
    await page.getByTestId('dev-fixture').selectOption('rareCharacterName');
    await tap(page.getByTestId('dev-place-card'));
    await expect.poll(() => kiosk.runtime.services.devices.idReader()?.status().media, { timeout: 5_000 }).toBe('present');
    await tap(page.getByTestId('dev-remove-card'));
    await expect.poll(() => kiosk.runtime.services.devices.idReader()?.status().media, { timeout: 5_000 }).toBe('notPresent');
  });

  it('logged no console errors', () => {
    expect(kiosk.consoleErrors).toEqual([]);
  });
});
