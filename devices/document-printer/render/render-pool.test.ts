import { testPdf } from '../test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePng } from '../../render/png';
import { PdfRenderer } from './render-pool';

const renderer = new PdfRenderer({ dpi: 72 });
afterAll(() => renderer.close());

describe('PdfRenderer (worker thread)', () => {
  it('renders a PDF to PNG pages off the main thread', async () => {
    const rendered = await renderer.render(await testPdf(1));
    expect(rendered.pageCount).toBe(1);
    const png = decodePng(rendered.pages[0]!);
    expect([png.width, png.height]).toEqual([595, 842]);
  });
  it('rejects bytes that are not a PDF with the renderer message', async () => {
    await expect(renderer.render(Buffer.from('hello'))).rejects.toThrow(/PDF/);
  });
});
