import { describe, expect, it } from 'vitest';
import { renderPdfPages } from '../../devices/document-printer/render/pdf-render';
import { decodePng } from '../../devices/render/png';
import { buildNoCriminalRecordCertificatePdf, certificateCodePayload } from './certificate';
import { MissingGlyphError } from './fonts';
import { simulatorSigner, SIMULATOR_ISSUER_KEY } from './issuer';
import { LayoutOverflowError } from './layout';
import { buildTrafficPenaltyDecisionPdf, decisionCodePayload } from './penalty-decision';
import { readQrFromPdf } from './qr-read';
import { SAMPLE_CERTIFICATE, SAMPLE_DECISION } from './samples';
import { verifyCode } from './signing/code';

const signer = simulatorSigner();

async function pdfText(pdf: Buffer): Promise<{ pages: number; text: string }> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: Uint8Array.from(pdf), verbosity: 0 }).promise;
  const page = await doc.getPage(1);
  const content = await page.getTextContent();
  const text = content.items.map((item) => ('str' in item ? item.str : '')).join('');
  const pages = doc.numPages;
  await doc.destroy();
  return { pages, text };
}

describe('A4 documents', () => {
  it('builds a one-page certificate of tens of KB with the fonts subset, the rare character kept as text', async () => {
    const code = signer.sign(certificateCodePayload(SAMPLE_CERTIFICATE));
    const pdf = await buildNoCriminalRecordCertificatePdf(SAMPLE_CERTIFICATE, code);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(100_000);
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifCJKsc-Regular/);
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBe(1);
    for (const expected of ['无犯罪记录证明', '王䶮', '11010519491231002X', '京公(东)证字〔2026〕第000123号', '未发现有犯罪记录', '2026年5月31日']) {
      expect(text.replace(/\s/g, '')).toContain(expected.replace(/\s/g, ''));
    }
  });

  it('builds a one-page penalty decision with its barcode number, facts and decision', async () => {
    const code = signer.sign(decisionCodePayload(SAMPLE_DECISION));
    const pdf = await buildTrafficPenaltyDecisionPdf(SAMPLE_DECISION, code);
    expect(pdf.length).toBeLessThan(100_000);
    const { pages, text } = await pdfText(pdf);
    expect(pages).toBe(1);
    const flat = text.replace(/\s/g, '');
    for (const expected of ['公安交通管理简易程序处罚决定书', '1101011200123456', '决定予以200元罚款，记3分', '每日按罚款数额的3%加处罚款', '60日内', '被处罚人签名']) {
      expect(flat).toContain(expected);
    }
  });

  it('prints a QR code that reads back (from the rendered PDF) as the signed code, which verifies', async () => {
    const code = signer.sign(certificateCodePayload(SAMPLE_CERTIFICATE));
    const read = await readQrFromPdf(await buildNoCriminalRecordCertificatePdf(SAMPLE_CERTIFICATE, code));
    expect(read).toBe(code);
    expect(verifyCode(read!, [SIMULATOR_ISSUER_KEY], '2026-03-02').verdict).toBe('valid');
  });

  it('renders crisp at 300 dpi: A4 is 2480 x 3508 pixels with black text', async () => {
    const pdf = await buildNoCriminalRecordCertificatePdf(SAMPLE_CERTIFICATE, signer.sign(certificateCodePayload(SAMPLE_CERTIFICATE)));
    const rendered = await renderPdfPages(pdf, { dpi: 300 });
    expect([rendered.widthPx, rendered.heightPx]).toEqual([2480, 3508]);
    // the title's strokes are solid black, with pure white around them (vector text, not a bitmap)
    const png = decodePng(rendered.pages[0]!);
    let black = 0;
    let white = 0;
    for (let y = 600; y < 900; y += 2) {
      for (let x = 700; x < 1800; x += 2) {
        const o = (y * png.width + x) * 4;
        if ((png.data[o] ?? 0) < 40) black++;
        else if ((png.data[o] ?? 0) > 245) white++;
      }
    }
    expect(black).toBeGreaterThan(2000);
    expect(white).toBeGreaterThan(black);
  });

  it('stops with a clear error naming a character the font lacks (never an empty box)', async () => {
    const data = { ...SAMPLE_CERTIFICATE, name: '王\u{E000}' };
    const build = buildNoCriminalRecordCertificatePdf(data, signer.sign(certificateCodePayload(data)));
    await expect(build).rejects.toBeInstanceOf(MissingGlyphError);
    await expect(build).rejects.toThrow(/U\+E000.*NotoSerifCJKsc/);
  });

  it('stops when the text does not fit on one page instead of clipping it', async () => {
    const data = { ...SAMPLE_DECISION, remarks: '当事人对违法事实无异议。'.repeat(40) };
    await expect(buildTrafficPenaltyDecisionPdf(data, signer.sign(decisionCodePayload(data)))).rejects.toBeInstanceOf(LayoutOverflowError);
  });
});
