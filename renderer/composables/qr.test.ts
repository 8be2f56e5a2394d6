import { describe, expect, it } from 'vitest';
import { QR_MAX_PAYLOAD, renderQrSvg } from './qr';

describe('renderQrSvg', () => {
  it('draws a payment URL as SVG markup without scripts or style tags', async () => {
    const result = await renderQrSvg('weixin://wxpay/bizpayurl?pr=abc123');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.svg.startsWith('<svg')).toBe(true);
    expect(result.svg).toContain('<path');
    expect(result.svg).not.toMatch(/<script|<style|on\w+=/i);
  });

  it('refuses an empty or oversized payload as a value', async () => {
    expect(await renderQrSvg('')).toEqual({ ok: false, message: 'empty payload' });
    expect(await renderQrSvg('x'.repeat(QR_MAX_PAYLOAD + 1))).toEqual({ ok: false, message: 'payload too long' });
  });

  it('draws different codes for different payloads', async () => {
    const a = await renderQrSvg('order-1');
    const b = await renderQrSvg('order-2');
    expect(a.ok && b.ok && a.svg !== b.svg).toBe(true);
  });
});
