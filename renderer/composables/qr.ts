/**
 * QR codes for the screen, drawn as SVG markup by the `qrcode` library. The page CSP allows inline
 * SVG (no script, no style tags in it), so the screen shows it through `v-html` of this string.
 */
import QRCode from 'qrcode';

export type QrResult = { ok: true; svg: string } | { ok: false; message: string };

/** The longest payload we accept: payment URLs are short; anything longer is a broken view. */
export const QR_MAX_PAYLOAD = 1024;

/**
 * Renders `payload` as an SVG QR code with a 4-module quiet zone (the scanner apps need it) and
 * error-correction level M. Never throws: an empty, oversized or unencodable payload is a value.
 */
export async function renderQrSvg(payload: string): Promise<QrResult> {
  if (payload.length === 0) return { ok: false, message: 'empty payload' };
  if (payload.length > QR_MAX_PAYLOAD) return { ok: false, message: 'payload too long' };
  try {
    const svg = await QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
    if (!svg.startsWith('<svg')) return { ok: false, message: 'unexpected output' };
    return { ok: true, svg };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : 'QR encoding failed' };
  }
}
