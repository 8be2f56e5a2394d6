/**
 * What the progress-query and tip-off end-to-end tests share: photographing a screen with an axe
 * check and a touch-target check, typing an ID number, taking the face photo with Chromium's fake
 * camera, typing Chinese on the pinyin keyboard, slowing a backend operation to photograph the
 * screen that waits for it, and checking that no clear ID number is on the page.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { GatewayResult, PoliceGateway } from '../../services/gateway/types';
import { axeViolations, smallestTouchTarget, tap, type Kiosk } from './harness';

/** Types the letters and picks `candidate` from the first page of candidates, as a resident would. */
export async function typePinyin(page: Page, letters: string, candidate: string): Promise<void> {
  for (const letter of letters) await tap(page.getByTestId(letter === "'" ? 'pinyin-key-apostrophe' : `pinyin-key-${letter}`));
  const wanted = page.locator('[data-testid^="pinyin-candidate-"]').filter({ hasText: new RegExp(`^\\s*${candidate}\\s*$`) });
  await expect.poll(() => wanted.count(), { timeout: 5_000 }).toBeGreaterThan(0);
  await tap(wanted.first());
}

export function infoHelpers(kiosk: () => Kiosk, shots: string) {
  const page = () => kiosk().page;
  const gateway = () => kiosk().runtime.services.gateway as unknown as Record<keyof PoliceGateway, (req: never) => Promise<GatewayResult<unknown>>>;

  return {
    page,
    /** Photographed, axe-clean, and every target at least `minTarget` px (96 in elderly mode). */
    async look(name: string, minTarget = 64): Promise<void> {
      await page().waitForTimeout(200);
      await page().screenshot({ path: `${shots}/${name}.png` });
      const violations = await axeViolations(page());
      expect(violations, `${name}: ${violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(',')}`).join('; ')}`).toEqual([]);
      const smallest = await smallestTouchTarget(page());
      expect(Math.min(smallest.width, smallest.height), `${name}: smallest target "${smallest.text}"`).toBeGreaterThanOrEqual(minTarget);
    },
    /** Makes one backend operation answer `ms` later, until undone. */
    slow(operation: keyof PoliceGateway, ms: number): () => void {
      const original = gateway()[operation];
      gateway()[operation] = async (req: never) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return original(req);
      };
      return () => (gateway()[operation] = original);
    },
    async typeIdNumber(idNumber: string): Promise<void> {
      for (const character of idNumber) await tap(page().getByTestId(`key-${character}`));
      await tap(page().getByTestId('id-confirm'));
    },
    async capture(): Promise<void> {
      const button = page().getByTestId('camera-capture');
      await expect.poll(() => button.isEnabled(), { timeout: 15_000 }).toBe(true);
      await tap(button);
    },
    typePinyin: (letters: string, candidate: string) => typePinyin(page(), letters, candidate),
    /**
     * No ID number in the clear anywhere on the page (masked ones are 110101********004X); the
     * digits of a tracking number (JB + 18 digits) are not one.
     */
    async expectNoClearIdNumber(...idNumbers: string[]): Promise<void> {
      const html = await page().content();
      for (const idNumber of idNumbers) expect(html).not.toContain(idNumber);
      expect(html).not.toMatch(/(?<![A-Z\d])\d{17}[\dX](?!\d)/);
    },
  };
}
