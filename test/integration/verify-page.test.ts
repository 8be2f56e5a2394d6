/**
 * The offline verification page in headless Chromium, opened from disk with every network request
 * refused: a genuine code, a tampered one, one signed with another key and an expired one each get
 * their verdict, and a photo of the printed certificate is read through its QR code.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdfPages } from '../../devices/document-printer/render/pdf-render';
import { buildVerifyPage } from '../../scripts/build-verify-page';
import { buildNoCriminalRecordCertificatePdf, certificateCodePayload } from '../../services/documents/certificate';
import { issuerDate } from '../../services/documents/dates';
import { createSigner, simulatorSigner } from '../../services/documents/issuer';
import { SAMPLE_CERTIFICATE } from '../../services/documents/samples';
import { generateKeyPair } from '../../services/documents/signing/sm';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = 'test-results/verify-page';
const todaysCertificate = { ...SAMPLE_CERTIFICATE, issuedOn: issuerDate(), periodTo: issuerDate() };

describe.skipIf(!existsSync(CHROMIUM))('offline verification page', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const requests: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-verify-'));
    writeFileSync(join(dir, 'index.html'), await buildVerifyPage());
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (!url.startsWith('file:') && !url.startsWith('data:') && !url.startsWith('blob:')) {
        requests.push(url);
        return route.abort();
      }
      return route.continue();
    });
    await page.goto(pathToFileURL(join(dir, 'index.html')).href);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function check(code: string, shot: string): Promise<string> {
    await page.fill('#code', code);
    await page.click('#check');
    await page.waitForSelector('#verdict:not([hidden])');
    await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
    return (await page.textContent('#verdict')) ?? '';
  }

  it('says a genuine code is valid and shows its signed fields', async () => {
    const verdict = await check(simulatorSigner().sign(certificateCodePayload(todaysCertificate)), 'valid');
    expect(verdict).toContain('真实有效');
    expect(await page.textContent('#fields')).toContain('110105********002X');
  });

  it('says a tampered field, a wrong key and an expired document are not to be accepted', async () => {
    const genuine = simulatorSigner().sign(certificateCodePayload(todaysCertificate));
    expect(await check(genuine.replace('|就业|', '|出国|'), 'tampered')).toContain('签名不符');
    const other = generateKeyPair();
    const foreign = createSigner(other.privateKey, other.publicKey, '冒充机关').sign(certificateCodePayload(todaysCertificate));
    expect(await check(foreign, 'wrong-key')).toContain('不在可信签发机关名单中');
    const old = { ...SAMPLE_CERTIFICATE, issuedOn: '2020-01-02', periodTo: '2020-01-02' };
    expect(await check(simulatorSigner().sign(certificateCodePayload(old)), 'expired')).toContain('已于2020-04-01过期');
    expect(await check('hello', 'malformed')).toContain('不是有效的核验码');
  });

  it('reads the QR code from a photo of the printed certificate', async () => {
    const pdf = await buildNoCriminalRecordCertificatePdf(todaysCertificate, simulatorSigner().sign(certificateCodePayload(todaysCertificate)));
    const png = (await renderPdfPages(pdf, { dpi: 150 })).pages[0]!;
    writeFileSync(join(dir, 'photo.png'), png);
    await page.fill('#code', '');
    await page.setInputFiles('#image', join(dir, 'photo.png'));
    await page.waitForFunction(() => (document.querySelector('#code') as HTMLTextAreaElement).value.startsWith('KV1|'));
    await page.waitForFunction(() => document.querySelector('#verdict-zh')?.textContent?.includes('真实有效'));
    await page.screenshot({ path: `${SHOTS}/photo.png`, fullPage: true });
  });

  it('made no network request', () => {
    expect(requests).toEqual([]);
  });
});
