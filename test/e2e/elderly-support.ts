/**
 * What elderly mode (长辈模式) promises on every screen, measured in the page: visible text at least
 * 36 px with line spacing at least 1.5, headings larger than the body, every touch target at least
 * 96 × 96 px, nothing past the screen's edges, no text clipped by its own box and no two targets
 * overlapping. Each finding names the element, so a failure says what to fix.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { axeViolations, RESULTS, tap } from './harness';

export { typePinyin } from './info-support';

export const ELDERLY = { minFont: 36, minLineHeight: 1.5, minTarget: 96 } as const;
export const ELDERLY_SHOTS = `${RESULTS}/elderly`;
mkdirSync(ELDERLY_SHOTS, { recursive: true });

/** Every way the screen on display breaks elderly mode's rules; empty when it keeps them all. */
export async function elderlyProblems(page: Page): Promise<string[]> {
  return page.evaluate((limits) => {
    const problems: string[] = [];
    const excluded = (element: Element) => element.closest('[data-testid="dev-dock"], [data-testid="dev-dock-toggle"], .visually-hidden, svg') !== null;
    const name = (element: Element) => {
      const id = element.closest('[data-testid]')?.getAttribute('data-testid');
      const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
      return `${element.tagName.toLowerCase()}.${[...element.classList].join('.')}${id ? `[${id}]` : ''} "${text}"`;
    };
    const shown = (element: Element) => {
      for (let at: Element | null = element; at; at = at.parentElement) {
        const style = getComputedStyle(at);
        if (style.visibility === 'hidden' || style.display === 'none' || parseFloat(style.opacity) === 0) return false;
      }
      return true;
    };
    const scrolls = (element: Element) => {
      for (let at = element.parentElement; at && at !== document.body; at = at.parentElement) {
        if (/(auto|scroll)/.test(getComputedStyle(at).overflowY)) return true;
      }
      return false;
    };
    // Past the screen's edges, and not inside a list that scrolls (content scrolled away is reachable).
    const offScreen = (element: Element, box: DOMRect) =>
      box.left < -1 || box.right > innerWidth + 1 || ((box.top < -1 || box.bottom > innerHeight + 1) && !scrolls(element));
    const rootFont = parseFloat(getComputedStyle(document.documentElement).fontSize);

    // Text: every element that holds visible characters of its own.
    const textElements = new Set<Element>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!element || !node.textContent?.trim() || excluded(element) || textElements.has(element)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      if (![...range.getClientRects()].some((r) => r.width > 0 && r.height > 0) || !shown(element)) continue;
      textElements.add(element);
    }
    for (const element of textElements) {
      const style = getComputedStyle(element);
      const size = parseFloat(style.fontSize);
      const lineHeight = style.lineHeight === 'normal' ? 1.2 : parseFloat(style.lineHeight) / size;
      if (size < limits.minFont) problems.push(`text ${size}px < ${limits.minFont}px: ${name(element)}`);
      if (lineHeight < limits.minLineHeight - 0.005) problems.push(`line height ${lineHeight.toFixed(2)} < ${limits.minLineHeight}: ${name(element)}`);
      if (/^H[1-3]$/.test(element.tagName) && size <= rootFont) problems.push(`heading ${size}px not larger than the body's ${rootFont}px: ${name(element)}`);
      if (element.scrollWidth > element.clientWidth + 1 && /(hidden|clip)/.test(style.overflowX)) problems.push(`text clipped across: ${name(element)}`);
      // A line-clamped teaser (the attract screen's notice card) ends in a visible "…" and opens in
      // full on a tap: deliberate, so not clipped.
      const clamped = style.getPropertyValue('-webkit-line-clamp') !== 'none' && style.getPropertyValue('-webkit-line-clamp') !== '';
      if (element.scrollHeight > element.clientHeight + 1 && /(hidden|clip)/.test(style.overflowY) && !clamped) problems.push(`text clipped below: ${name(element)}`);
      else if (element.clientHeight > 0 && element.scrollHeight > element.clientHeight + 2 && style.overflowY === 'visible') problems.push(`text spills out of its box (${element.scrollHeight} > ${element.clientHeight} px): ${name(element)}`);
      const box = element.getBoundingClientRect();
      if (offScreen(element, box)) problems.push(`text off the screen (${Math.round(box.left)},${Math.round(box.top)})–(${Math.round(box.right)},${Math.round(box.bottom)}): ${name(element)}`);
    }

    // The part of a box its scrolling or clipping ancestors let show (a button scrolled out of its
    // list is not over the footer).
    const visiblePart = (element: Element): DOMRect => {
      const box = element.getBoundingClientRect();
      let [left, top, right, bottom] = [box.left, box.top, box.right, box.bottom];
      for (let at = element.parentElement; at && at !== document.body; at = at.parentElement) {
        if (getComputedStyle(at).overflow === 'visible') continue;
        const clip = at.getBoundingClientRect();
        [left, top, right, bottom] = [Math.max(left, clip.left), Math.max(top, clip.top), Math.min(right, clip.right), Math.min(bottom, clip.bottom)];
      }
      return new DOMRect(left, top, Math.max(0, right - left), Math.max(0, bottom - top));
    };

    // Targets: big enough, on the screen, apart.
    const targets = [...document.querySelectorAll('button, a[href], [role="button"], input, select, textarea')]
      .filter((element) => !excluded(element) && shown(element))
      .map((element) => ({ element, box: element.getBoundingClientRect(), seen: visiblePart(element) }))
      .filter(({ box }) => box.width > 0 && box.height > 0);
    for (const { element, box } of targets) {
      if (box.width < limits.minTarget - 0.5 || box.height < limits.minTarget - 0.5) problems.push(`target ${Math.round(box.width)}×${Math.round(box.height)} < ${limits.minTarget}: ${name(element)}`);
      if (offScreen(element, box)) problems.push(`target off the screen (${Math.round(box.left)},${Math.round(box.top)})–(${Math.round(box.right)},${Math.round(box.bottom)}): ${name(element)}`);
    }
    const pinnedAbove = (target: Element, text: Element): boolean => {
      for (let at: Element | null = target; at && at !== document.body; at = at.parentElement) {
        const position = getComputedStyle(at).position;
        if ((position === 'sticky' || position === 'fixed') && !at.contains(text)) return true;
      }
      return false;
    };
    // Text drawn over a target it does not belong to (a box too small for its text spills onto a button).
    for (const element of textElements) {
      const rects = [...element.childNodes]
        .filter((node) => node.nodeType === Node.TEXT_NODE && node.textContent?.trim())
        .flatMap((node) => {
          const range = document.createRange();
          range.selectNodeContents(node);
          return [...range.getClientRects()];
        });
      const clip = visiblePart(element); // text scrolled out of its list is not drawn over the footer
      const meets = (r: DOMRect, box: DOMRect) =>
        Math.min(r.right, box.right, clip.right) - Math.max(r.left, box.left, clip.left) > 2 && Math.min(r.bottom, box.bottom, clip.bottom) - Math.max(r.top, box.top, clip.top) > 2;
      // A pinned row of buttons (sticky at the bottom of a scrolling screen) hides the text scrolled beneath it: not drawn over it.
      const over = targets.find(({ element: target, seen }) => !target.contains(element) && !pinnedAbove(target, element) && rects.some((r) => meets(r, seen)));
      if (over) problems.push(`text over a target: ${name(element)} on ${name(over.element)}`);
    }
    for (const [i, a] of targets.entries()) {
      for (const b of targets.slice(i + 1)) {
        if (a.element.contains(b.element) || b.element.contains(a.element)) continue;
        const across = Math.min(a.seen.right, b.seen.right) - Math.max(a.seen.left, b.seen.left);
        const down = Math.min(a.seen.bottom, b.seen.bottom) - Math.max(a.seen.top, b.seen.top);
        if (across > 2 && down > 2) problems.push(`targets overlap: ${name(a.element)} and ${name(b.element)}`);
      }
    }
    return problems;
  }, ELDERLY);
}

/**
 * Photographs the screen into test-results/elderly/<name>.png, then checks it with axe and with
 * elderly mode's measurements. Soft assertions: one run lists every problem of every screen.
 */
export async function lookElderly(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(150);
  await page.screenshot({ path: `${ELDERLY_SHOTS}/${name}.png` });
  expect(await page.locator('html').getAttribute('data-mode'), name).toBe('elderly');
  const violations = await axeViolations(page);
  expect.soft(violations, `${name}: ${violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(',')}`).join('; ')}`).toEqual([]);
  expect.soft(await elderlyProblems(page), name).toEqual([]);
}

/** From the attract screen: the elderly switch, the language, then the service's tile. */
export async function openInElderlyMode(page: Page, locale: 'zh-CN' | 'en', tile: string): Promise<void> {
  await page.evaluate(() => (location.hash = '#/attract'));
  await page.getByTestId('attract').waitFor();
  await tap(page.getByTestId('elderly-switch'));
  await expect.poll(() => page.locator('html').getAttribute('data-mode')).toBe('elderly');
  if ((await page.locator('html').getAttribute('lang')) !== locale) await tap(page.getByTestId('language-switch'));
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale);
  await tap(page.getByTestId('start'));
  await page.getByTestId('home').waitFor();
  await tap(page.getByTestId(tile));
}

export interface KeyboardMeasure {
  /** Every key, candidate and paging key of the keyboard on screen. */
  keys: number;
  narrowest: number;
  lowest: number;
  candidates: number;
  /** Keys (and the screen's own buttons) that do not show whole without scrolling. */
  hidden: string[];
}

/** The pinyin keyboard's keys as drawn, and whether they and the screen's buttons fit the screen unscrolled. */
export async function measureKeyboard(page: Page): Promise<KeyboardMeasure> {
  return page.evaluate(() => {
    const keyboard = document.querySelector('[data-testid="pinyin-keyboard"]');
    const keys = [...(keyboard?.querySelectorAll('button') ?? [])].map((key) => key.getBoundingClientRect());
    const screen = document.querySelector('main') ?? document.body;
    const hidden = [...screen.querySelectorAll('button')]
      .filter((button) => {
        const box = button.getBoundingClientRect();
        let shown = box.left >= -1 && box.top >= -1 && box.right <= innerWidth + 1 && box.bottom <= innerHeight + 1;
        for (let at = button.parentElement; at && shown; at = at.parentElement) {
          if (getComputedStyle(at).overflow === 'visible') continue;
          const clip = at.getBoundingClientRect();
          shown = box.top >= clip.top - 1 && box.bottom <= clip.bottom + 1 && box.left >= clip.left - 1 && box.right <= clip.right + 1;
        }
        return !shown;
      })
      .map((button) => button.dataset.testid ?? button.textContent?.trim() ?? '?');
    return {
      keys: keys.length,
      narrowest: Math.min(...keys.map((box) => box.width)),
      lowest: Math.min(...keys.map((box) => box.height)),
      candidates: keyboard?.querySelectorAll('[data-testid^="pinyin-candidate-"]').length ?? 0,
      hidden,
    };
  });
}
