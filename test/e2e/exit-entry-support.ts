/**
 * Helpers of the exit-entry end-to-end tests: every screen photographed and axe-checked in both
 * languages, the simulated permit field, OCR window, scanner and printers, the backend slowed or
 * broken for one operation, and the permit reader slowed so the chip-read screen can be seen.
 */
import { mkdirSync } from 'node:fs';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { PermitFixtureName } from '../../contract/dev';
import { parseEndorsementFile } from '../../devices/icao9303/endorsement';
import { FILE_ID } from '../../devices/icao9303/lds';
import type { PermitField } from '../../devices/travel-permit-sim/field';
import { permitFixture } from '../../devices/travel-permit-sim/fixtures';
import type { GatewayResult, PoliceGateway } from '../../services/gateway/types';
import { axeViolations, RESULTS, tap, type Kiosk } from './harness';

export const SHOTS = `${RESULTS}/exit-entry`;
mkdirSync(SHOTS, { recursive: true });

export const screen = (page: Page, state: string) => page.getByTestId(`ee-${state}`);

/** Screenshot + axe of the screen on display, in Chinese and then in English (and back to Chinese). */
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

export function devicesOf(kiosk: Kiosk) {
  const get = (id: string) => {
    const simulated = kiosk.runtime.services.devices.get(id)?.simulated;
    if (!simulated) throw new Error(`${id} is not simulated`);
    return simulated;
  };
  const field = (): PermitField => {
    const s = get('permitReader');
    if (s.kind !== 'contactlessReader') throw new Error('no permit field');
    return s.simulator;
  };
  return {
    field,
    /** The permit laid on the reader with its back on the OCR window. */
    async present(name: PermitFixtureName): Promise<void> {
      field().place(name);
      const s = get('ocrReader');
      if (s.kind === 'ocrReader') await s.simulator.read(permitFixture(name).printedOcrLine);
    },
    async misreadOcr(name: PermitFixtureName): Promise<void> {
      const s = get('ocrReader');
      if (s.kind === 'ocrReader') await s.simulator.misread(permitFixture(name).printedOcrLine);
    },
    async scan(code: string): Promise<void> {
      const s = get('scanner');
      if (s.kind === 'qrScanner') await s.simulator.scan(code);
    },
    cardPrinter() {
      const s = get('cardPrinter');
      if (s.kind !== 'cardPrinter') throw new Error('no card printer simulator');
      return s.simulator;
    },
    /** The endorsements the permit now in the field holds. */
    onChip() {
      const file = field().chip?.card.files.get(FILE_ID.endorsements);
      return file ? (parseEndorsementFile(file) ?? []) : [];
    },
    /** Each APDU `ms` later (so the chip-read screen stays long enough to be photographed), until undone. */
    slowReader(ms: number): () => void {
      const reader = kiosk.runtime.services.devices.contactlessReader();
      if (!reader) throw new Error('no permit reader');
      const original = reader.transmit.bind(reader);
      reader.transmit = async (...args: Parameters<typeof original>) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return original(...args);
      };
      return () => {
        reader.transmit = original;
      };
    },
  };
}

type Operations = Record<keyof PoliceGateway, (req: never) => Promise<GatewayResult<unknown>>>;

export function backendOf(kiosk: Kiosk) {
  const gateway = () => kiosk.runtime.services.gateway as unknown as Operations;
  return {
    /** One operation answers as if the backend could not be reached, until undone. */
    breakOperation(operation: keyof PoliceGateway): () => void {
      const original = gateway()[operation];
      gateway()[operation] = () => Promise.resolve({ ok: false, error: { kind: 'network', message: 'connection refused', retryable: true } });
      return () => (gateway()[operation] = original);
    },
    /** One operation answers `ms` later (to photograph the screen that waits for it), until undone. */
    slowOperation(operation: keyof PoliceGateway, ms: number): () => void {
      const original = gateway()[operation];
      gateway()[operation] = async (req: never) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return original(req);
      };
      return () => (gateway()[operation] = original);
    },
    ledger: () => kiosk.runtime.services.embeddedBackend!.sim.controls.providerLedger(),
    endorsementState: (reference: string) => kiosk.runtime.services.embeddedBackend!.sim.controls.exitEntry.endorsementState(reference),
  };
}
