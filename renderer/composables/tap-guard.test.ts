import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GUARD_MS, guardTaps, installTapGuard } from './tap-guard';

describe('the ghost-tap guard', () => {
  let remove: () => void = () => {};
  let clicks: string[] = [];

  beforeEach(() => {
    clicks = [];
    document.body.innerHTML = `
      <button id="tile">tile</button>
      <aside data-tap-guard-exempt><button id="dock-button">place card</button></aside>`;
    for (const button of document.querySelectorAll('button')) button.addEventListener('click', () => clicks.push(button.id));
    remove = installTapGuard(window);
  });
  afterEach(() => {
    remove();
    delete document.documentElement.dataset.tapsSwallowed;
    document.body.innerHTML = '';
  });

  it('swallows a tap that lands just after a screen change, and lets the next one through', () => {
    const now = performance.now();
    guardTaps(now);
    document.getElementById('tile')!.click();
    expect(clicks).toEqual([]);
    expect(document.documentElement.dataset.tapGuard).toBe('on');
    expect(document.documentElement.dataset.tapsSwallowed).toBe('1');
    guardTaps(now - GUARD_MS - 1);
    document.getElementById('tile')!.click();
    expect(clicks).toEqual(['tile']);
  });

  it('never swallows the developer dock (it is not a resident screen)', () => {
    guardTaps();
    document.getElementById('dock-button')!.click();
    document.getElementById('tile')!.click();
    expect(clicks).toEqual(['dock-button']);
  });
});
