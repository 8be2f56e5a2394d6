import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchKiosk, RESULTS, type Kiosk } from './harness';

describe('live device health and the developer dock (web mode, simulated devices)', () => {
  let kiosk: Kiosk;

  beforeAll(async () => {
    kiosk = await launchKiosk();
    await kiosk.page.getByTestId('start').tap();
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
    await page.getByTestId('dev-dock-toggle').tap();
    await page.getByTestId('dev-dock').waitFor();
    await page.getByTestId('dev-receiptPrinter-cable').waitFor();
    await page.screenshot({ path: `${RESULTS}/dev-dock.png` });
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId('dev-receiptPrinter-cable').tap();
    await expect.poll(healthText, { timeout: 10_000 }).toContain('设备故障');
    expect(await page.getByTestId('device-health').getAttribute('class')).toContain('health-down');
    await expect.poll(() => page.getByTestId('dev-receiptPrinter-cable').textContent()).toContain('Plug cable');
    await page.screenshot({ path: `${RESULTS}/device-cable-pulled.png` });

    await page.getByTestId('dev-receiptPrinter-cable').tap();
    await expect.poll(healthText, { timeout: 10_000 }).toContain('设备正常');
    expect(await page.getByTestId('device-health').getAttribute('class')).toContain('health-ok');
  });

  it('running the receipt printer out of paper shows as a fault too', async () => {
    const { page } = kiosk;
    await page.getByTestId('dev-paper-out').tap();
    await expect.poll(healthText, { timeout: 10_000 }).toContain('设备故障');
    await page.getByRole('button', { name: 'Reload' }).tap();
    await expect.poll(healthText, { timeout: 10_000 }).toContain('设备正常');
  });

  it('places a fixture card on the simulated reader through the dock', async () => {
    const { page } = kiosk;
    await page.getByTestId('dev-fixture').selectOption('rareCharacterName');
    await page.getByTestId('dev-place-card').tap();
    await expect.poll(() => kiosk.runtime.services.devices.idReader()?.status().media, { timeout: 5_000 }).toBe('present');
    await page.getByTestId('dev-remove-card').tap();
    await expect.poll(() => kiosk.runtime.services.devices.idReader()?.status().media, { timeout: 5_000 }).toBe('notPresent');
  });

  it('logged no console errors', () => {
    expect(kiosk.consoleErrors).toEqual([]);
  });
});
