/**
 * The palettes' contrast, computed (WCAG 2.x relative luminance): every text colour on every
 * background it is used on reaches 4.5:1 in the standard palette and 7:1 (AAA) in elderly mode.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../../renderer/styles/base.css', import.meta.url), 'utf8');

function palette(selector: string): Record<string, string> {
  const block = css.slice(css.indexOf(selector)).match(/\{([^}]*)\}/)![1]!;
  return Object.fromEntries([...block.matchAll(/--color-([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1]!, m[2]!]));
}

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Text colour → the backgrounds it is drawn on. */
const PAIRS: [string, string][] = [
  ['text', 'bg'], ['text', 'surface'], ['muted', 'bg'], ['muted', 'surface'], ['brand', 'surface'], ['brand', 'bg'],
  ['brand-text', 'brand'], ['ok', 'surface'], ['warn', 'surface'], ['danger', 'surface'],
];

describe('palette contrast', () => {
  it('checks its own arithmetic against known ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it.each([
    ['standard', ':root {', 4.5],
    ['elderly', ":root[data-mode='elderly'] {", 7],
  ] as const)('%s palette: every pair reaches %s', (_name, selector, minimum) => {
    const colours = { ...palette(':root {'), ...palette(selector) };
    for (const [text, background] of PAIRS) {
      expect(contrast(colours[text]!, colours[background]!), `${text} on ${background}`).toBeGreaterThanOrEqual(minimum);
    }
  });
});
