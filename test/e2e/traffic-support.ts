/**
 * Helpers of the traffic end-to-end tests: every screen photographed and axe-checked in both
 * languages, typing a plate, a VIN and numbers on the keypads like a person, proving the holder
 * with the fake camera, and reading back what the simulated printers printed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { PrintedReceipt } from '../../devices/receipt-printer/simulator';
import { renderReceiptPng } from '../../devices/receipt-printer/render';
import type { DriverFixture } from '../../services/backend-sim/fixtures';
import { parseCode, readQrFromPng } from '../../services/documents';
import type { GatewayResult, PoliceGateway } from '../../services/gateway/types';
import { axeViolations, RESULTS, tap, type Kiosk } from './harness';

export const SHOTS = `${RESULTS}/traffic`;
mkdirSync(SHOTS, { recursive: true });

export const screen = (page: Page, state: string) => page.getByTestId(`traffic-${state}`);

/** Screenshot + axe of the screen on display, in Chinese and then in English (and back). */
export async function look(page: Page, name: string): Promise<void> {
  for (const [locale, again] of [['zh', false], ['en', true]] as const) {
    if (again) await tap(page.getByTestId('language-switch'));
    await page.waitForTimeout(150);
    await page.screenshot({ path: `${SHOTS}/${name}.${locale}.png` });
    const violations = await axeViolations(page);
    expect(violations, `${name} (${locale}): ${violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(',')}`).join('; ')}`).toEqual([]);
  }
  await tap(page.getByTestId('language-switch'));
}

export function simulators(kiosk: Kiosk) {
  const get = (id: string) => {
    const simulated = kiosk.runtime.services.devices.get(id)?.simulated;
    if (!simulated) throw new Error(`${id} is not simulated`);
    return simulated;
  };
  return {
    scan: async (code: string) => {
      const s = get('scanner');
      if (s.kind === 'qrScanner') await s.simulator.scan(code);
    },
    a4: () => {
      const s = get('documentPrinter');
      if (s.kind !== 'documentPrinter') throw new Error('no A4 simulator');
      return s.simulator.engine;
    },
    receipts: (): PrintedReceipt[] => {
      const s = get('receiptPrinter');
      return s.kind === 'receiptPrinter' ? s.simulator.receipts() : [];
    },
  };
}

/** Saves the pages the A4 printer printed since `from` and returns the decision numbers read from their QR codes. */
export function printedDecisions(kiosk: Kiosk, from: number, name: string): string[] {
  const pages = simulators(kiosk).a4().printedPages().slice(from);
  return pages.map((png, i) => {
    writeFileSync(`${SHOTS}/${name}-a4-${i + 1}.png`, png);
    const code = readQrFromPng(png);
    return code ? parseCode(code).payload.number : 'unreadable';
  });
}

/** Saves the last receipt as a PNG and returns its text. */
export function lastReceipt(kiosk: Kiosk, name: string): string {
  const last = simulators(kiosk).receipts().at(-1);
  if (!last) return '';
  const rendered = renderReceiptPng(last);
  if (rendered.ok) writeFileSync(`${SHOTS}/${name}-receipt.png`, rendered.value.png);
  return last.lines.map((l) => (l.kind === 'text' ? l.runs.map((r) => r.text).join('') : '')).join('\n');
}

export async function openTraffic(page: Page): Promise<void> {
  await page.evaluate(() => (location.hash = '#/home'));
  await tap(page.getByTestId('tile-traffic'));
  await screen(page, 'notice').waitFor({ timeout: 15_000 });
}

export async function typeKeys(page: Page, prefix: string, text: string): Promise<void> {
  for (const character of text) await tap(page.getByTestId(`${prefix}-${character}`));
}

/** Plate, plate type and VIN on the vehicle screen (photographing each part when `shots`). */
export async function enterVehicle(page: Page, vehicle: DriverFixture['vehicle'] | { plateNumber: string; plateType: string; vinLast6: string }, shots?: string): Promise<void> {
  await screen(page, 'vehicleEntry').waitFor({ timeout: 15_000 });
  if (shots) await look(page, `${shots}-plate-province`);
  const [province, ...rest] = [...vehicle.plateNumber];
  await tap(page.getByTestId(`province-${province}`));
  await typeKeys(page, 'plate', rest.join(''));
  if (shots) await look(page, `${shots}-plate`);
  await tap(page.getByTestId('plate-next'));
  await page.getByTestId('plate-types').waitFor();
  if (shots) await look(page, `${shots}-plate-type`);
  await tap(page.getByTestId(`plate-type-${vehicle.plateType}`));
  await typeKeys(page, 'check', vehicle.vinLast6);
  if (shots) await look(page, `${shots}-vin`);
  await tap(page.getByTestId('vehicle-search'));
}

export async function typeIdNumber(page: Page, idNumber: string): Promise<void> {
  for (const character of idNumber) await tap(page.getByTestId(`key-${character}`));
}

/** Identity (typed) and face with the fake camera. */
export async function prove(page: Page, idNumber: string, shots?: string): Promise<void> {
  await screen(page, 'identity').waitFor({ timeout: 15_000 });
  if (shots) await look(page, `${shots}-identity`);
  await typeIdNumber(page, idNumber);
  await tap(page.getByTestId('id-confirm'));
  await screen(page, 'face').waitFor({ timeout: 15_000 });
  if (shots) await look(page, `${shots}-face`);
  await capture(page);
}

export async function capture(page: Page): Promise<void> {
  const button = page.getByTestId('camera-capture');
  await expect.poll(() => button.isEnabled(), { timeout: 15_000 }).toBe(true);
  await tap(button);
}

/** Makes gateway operations fail as if the police backend were unreachable; returns the undo. */
export function backendDown(kiosk: Kiosk, operations: (keyof PoliceGateway)[]): () => void {
  const gateway = kiosk.runtime.services.gateway as unknown as Record<string, unknown>;
  const saved = operations.map((op) => [op, gateway[op]] as const);
  const down = (): Promise<GatewayResult<never>> => Promise.resolve({ ok: false, error: { kind: 'network', message: 'ECONNREFUSED (e2e)', retryable: true } });
  for (const op of operations) gateway[op] = down;
  return () => {
    for (const [op, fn] of saved) gateway[op] = fn;
  };
}
