/**
 * The no-criminal-record certificate end to end in Chromium: web mode, simulated devices (the A4
 * printer is the IPP simulator that renders what it receives), the embedded police backend that
 * signs certificates, Chromium's fake camera. Every screen is photographed into
 * test-results/no-criminal-record/ and checked with axe, in Chinese and in English; the printed page
 * is kept as a PNG, its QR code read back and verified with `npm run verify`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RESIDENT, UNKNOWN_ID_NUMBER } from '../../services/backend-sim/fixtures';
import { readQrFromPng } from '../../services/documents';
import type { GatewayResult, PoliceGateway } from '../../services/gateway/types';
import { axeViolations, launchKiosk, photographFailures, RESULTS, ROOT, tap, type Kiosk } from './harness';

const SHOTS = `${RESULTS}/no-criminal-record`;
const run = promisify(execFile);

describe('no-criminal-record certificate in a real browser (web mode, simulated devices, fake camera)', () => {
  let kiosk: Kiosk;
  photographFailures(() => kiosk?.page);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    kiosk = await launchKiosk({ services: { noCriminalRecord: { enabled: true } } }, { fakeCamera: true });
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  const page = () => kiosk.page;
  const screen = (state: string) => page().getByTestId(`ncr-${state}`);
  const a4 = () => {
    const simulated = kiosk.runtime.services.devices.get('documentPrinter')?.simulated;
    if (simulated?.kind !== 'documentPrinter') throw new Error('the A4 printer is not simulated');
    return simulated.simulator.engine;
  };
  const gateway = () => kiosk.runtime.services.gateway as unknown as Record<keyof PoliceGateway, (req: never) => Promise<GatewayResult<unknown>>>;
  /** Makes one backend operation answer as if the backend could not be reached, until undone. */
  function breakOperation(operation: keyof PoliceGateway): () => void {
    const original = gateway()[operation];
    gateway()[operation] = () => Promise.resolve({ ok: false, error: { kind: 'network', message: 'connection refused', retryable: true } });
    return () => (gateway()[operation] = original);
  }
  async function look(name: string): Promise<void> {
    await page().waitForTimeout(150);
    await page().screenshot({ path: `${SHOTS}/${name}.png` });
    const violations = await axeViolations(page());
    expect(violations, `${name}: ${violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(',')}`).join('; ')}`).toEqual([]);
  }
  async function openService(): Promise<void> {
    await page().evaluate(() => (location.hash = '#/home'));
    await tap(page().getByTestId('tile-noCriminalRecord'));
    await screen('notice').waitFor();
  }
  /** Makes one backend operation answer `ms` later (to photograph the screen that waits for it), until undone. */
  function slowOperation(operation: keyof PoliceGateway, ms: number): () => void {
    const original = gateway()[operation];
    gateway()[operation] = async (req: never) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return original(req);
    };
    return () => (gateway()[operation] = original);
  }
  async function typeNumber(idNumber: string, shots?: string): Promise<void> {
    await openService();
    if (shots) await look(`${shots}1-notice`);
    await tap(page().getByTestId('notice-accept'));
    await screen('identity').waitFor();
    if (shots) await look(`${shots}2-identity`);
    for (const character of idNumber) await tap(page().getByTestId(`key-${character}`));
    await tap(page().getByTestId('id-confirm'));
  }
  async function toFace(idNumber: string, shots?: string): Promise<void> {
    const restore = shots ? slowOperation('verifyIdentity', 1500) : undefined;
    try {
      await typeNumber(idNumber, shots);
      if (shots) {
        await screen('lookup').waitFor({ timeout: 5_000 });
        await look(`${shots}2-lookup`);
      }
    } finally {
      restore?.();
    }
    await screen('face').waitFor({ timeout: 15_000 });
  }
  async function capture(): Promise<void> {
    const button = page().getByTestId('camera-capture');
    await expect.poll(() => button.isEnabled(), { timeout: 15_000 }).toBe(true);
    await tap(button);
  }
  async function toPurpose(idNumber: string, shots?: string): Promise<void> {
    await toFace(idNumber, shots);
    if (shots) await look(`${shots}3-face`);
    const restore = shots ? slowOperation('compareFace', 1500) : undefined;
    try {
      await capture();
      if (shots) {
        await screen('faceCheck').waitFor({ timeout: 5_000 });
        await look(`${shots}3-face-check`);
      }
    } finally {
      restore?.();
    }
    await screen('purpose').waitFor({ timeout: 15_000 });
  }
  /** Chooses a listed purpose; with `shots`, photographs the check and the printing screens on the way. */
  async function choosePurpose(purpose: string, shots?: string): Promise<void> {
    const restore = shots ? [slowOperation('checkCriminalRecord', 1500), slowOperation('issueCriminalRecordCertificate', 1500)] : [];
    try {
      await tap(page().getByTestId(`purpose-${purpose}`));
      if (shots) {
        await screen('checking').waitFor({ timeout: 5_000 });
        await look(`${shots}5-checking`);
        await screen('printing').waitFor({ timeout: 5_000 });
        await look(`${shots}6-printing`);
      }
    } finally {
      restore.forEach((undo) => undo());
    }
  }
  async function typePinyin(letters: string, candidate: string): Promise<void> {
    for (const letter of letters) await tap(page().getByTestId(letter === "'" ? 'pinyin-key-apostrophe' : `pinyin-key-${letter}`));
    const first = page().getByTestId('pinyin-candidate-0');
    await expect.poll(() => first.textContent(), { timeout: 5_000 }).toContain(candidate);
    await tap(first);
  }
  const ended = () => page().getByTestId('ncr-failed');
  const endedReason = () => ended().getAttribute('data-reason');
  const printedPages = () => a4().printedPages().length;

  beforeEach(async () => {
    await expect.poll(() => kiosk.runtime.services.devices.health().level, { timeout: 10_000 }).toBe('ok');
  });

  it('happy path: notice, typed number, face, purpose, check, the certificate printed; its QR verifies with npm run verify', async () => {
    const p = page();
    await tap(p.getByTestId('start'));
    await p.getByTestId('home').waitFor();
    const before = printedPages();
    await toPurpose(RESIDENT.standard, 'zh-');
    // Dates are written with non-breaking hyphens (U+2011), so a date never breaks over two lines.
    expect((await p.getByTestId('purpose-period').textContent())?.replaceAll('\u2011', '-')).toMatch(/\d{4}-03-12/);
    await look('zh-4-purpose');
    await choosePurpose('employment', 'zh-');
    await screen('done').waitFor({ timeout: 60_000 });
    expect(await p.getByTestId('done-certificate-no').textContent()).toMatch(/京公\(东\)证字〔\d{4}〕第\d{6}号/);
    expect(await p.getByTestId('done-masked').textContent()).toMatch(/110101\*{8}\d{3}[\dX]/);
    expect(await p.getByTestId('done-verify').textContent()).toContain('npm run verify');
    await look('zh-7-done');
    expect(await p.content()).not.toContain(RESIDENT.standard);

    // The simulated A4 printer's page: one page, kept as a PNG; its QR code is the signed code.
    expect(printedPages()).toBe(before + 1);
    const png = a4().printedPages().at(-1)!;
    writeFileSync(`${SHOTS}/certificate-printed.png`, png);
    const code = readQrFromPng(png);
    expect(code).toMatch(/^KV1\|NCR\|/);
    const verified = await run('npm', ['run', '--silent', 'verify', '--', code!], { cwd: ROOT });
    expect(verified.stdout).toMatch(/真实有效/);
    const fromImage = await run('npm', ['run', '--silent', 'verify', '--', `${SHOTS}/certificate-printed.png`], { cwd: ROOT });
    expect(fromImage.stdout).toMatch(/真实有效/);

    const tx = kiosk.runtime.services.journal.findByIdNumber(RESIDENT.standard);
    expect(tx.ok && tx.value.map((t) => t.status)).toEqual(['done']);
    await tap(p.getByTestId('done-finish'));
    await p.getByTestId('home').or(p.getByTestId('attract')).waitFor();
  });

  it('sealed juvenile record: the same certificate, purpose typed with the pinyin keyboard', async () => {
    const before = printedPages();
    await toPurpose(RESIDENT.sealedJuvenile);
    await tap(page().getByTestId('purpose-other'));
    await page().getByTestId('pinyin-keyboard').waitFor();
    await typePinyin('liuxue', '留学');
    await look('zh-4-purpose-other-typed');
    await tap(page().getByTestId('purpose-confirm'));
    await screen('done').waitFor({ timeout: 60_000 });
    expect(printedPages()).toBe(before + 1);
    const code = readQrFromPng(a4().printedPages().at(-1)!);
    expect(code).toContain('|留学|');
    expect(await page().content()).not.toMatch(/封存|未成年|sealed|juvenile/i);
    await tap(page().getByTestId('done-finish'));
  });

  it('record exists: a discreet "not issuable here" with where to go; nothing on screen, in the journal or the view says more', async () => {
    const before = printedPages();
    await toPurpose(RESIDENT.criminalRecord);
    await tap(page().getByTestId('purpose-employment'));
    await ended().waitFor({ timeout: 15_000 });
    expect(await endedReason()).toBe('notIssuableHere');
    const shown = await page().getByTestId('reason-notIssuableHere').textContent();
    expect(shown).toMatch(/窗口/);
    expect(shown).not.toMatch(/犯罪|记录|违法/);
    await look('zh-ended-not-issuable-here');
    expect(printedPages()).toBe(before);
    const tx = kiosk.runtime.services.journal.findByIdNumber(RESIDENT.criminalRecord);
    const journal = JSON.stringify(tx.ok ? tx.value : []).replace(/noCriminalRecord/g, 'SERVICE');
    expect(journal).toContain('notIssuableHere');
    expect(journal).not.toMatch(/crim|recordExists|犯罪|记录/i);
    await tap(page().getByTestId('ended-home'));
  });

  it('unknown person: sent to the registration counter', async () => {
    await openService();
    await tap(page().getByTestId('notice-accept'));
    await screen('identity').waitFor();
    for (const character of UNKNOWN_ID_NUMBER) await tap(page().getByTestId(`key-${character}`));
    await tap(page().getByTestId('id-confirm'));
    await ended().waitFor({ timeout: 15_000 });
    expect(await endedReason()).toBe('identityNotFound');
    await look('zh-ended-unknown-person');
    await tap(page().getByTestId('ended-home'));
  });

  it('face mismatch after the allowed attempts: counter', async () => {
    await toFace(RESIDENT.faceNeverMatches);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await capture();
      if (attempt < 3) await page().getByTestId('face-last-result').waitFor({ timeout: 15_000 });
    }
    await ended().waitFor({ timeout: 15_000 });
    expect(await endedReason()).toBe('faceMismatch');
    await look('zh-ended-face-mismatch');
    await tap(page().getByTestId('ended-home'));
  });

  it('a stated purpose is required after 3 certificates this year: an empty one is refused, a typed one is accepted', async () => {
    await toPurpose(RESIDENT.frequentCertificates);
    await tap(page().getByTestId('purpose-study'));
    await screen('statement').waitFor({ timeout: 15_000 });
    await tap(page().getByTestId('statement-submit'));
    await page().getByTestId('statement-problem').waitFor();
    await look('zh-statement-empty-refused');
    await typePinyin('chuguo', '出国');
    await typePinyin('liuxue', '留学');
    await tap(page().getByTestId('statement-submit'));
    await screen('done').waitFor({ timeout: 60_000 });
    await tap(page().getByTestId('done-finish'));
  });

  it.each([
    ['verifyIdentity', 'lookup'],
    ['compareFace', 'face'],
    ['checkCriminalRecord', 'check'],
    ['issueCriminalRecordCertificate', 'issue'],
  ] as const)('backend down at %s (%s): backendUnavailable, nothing printed', async (operation, step) => {
    const before = printedPages();
    const restore = breakOperation(operation);
    try {
      if (operation === 'verifyIdentity') {
        await typeNumber(RESIDENT.elderly);
      } else if (operation === 'compareFace') {
        await toFace(RESIDENT.elderly);
        await capture();
      } else {
        await toPurpose(RESIDENT.elderly);
        await tap(page().getByTestId('purpose-adoption'));
      }
      await ended().waitFor({ timeout: 20_000 });
      expect(await endedReason()).toBe('backendUnavailable');
      await look(`zh-ended-backend-down-${step}`);
    } finally {
      restore();
    }
    expect(printedPages()).toBe(before);
    await tap(page().getByTestId('ended-home'));
  });

  it('a signature that does not verify: nothing printed, a staff ticket, the certificate voided', async () => {
    const before = printedPages();
    const original = gateway().issueCriminalRecordCertificate;
    gateway().issueCriminalRecordCertificate = async (req: never) => {
      const issued = (await original(req)) as GatewayResult<{ verificationCode: string }>;
      if (!issued.ok) return issued;
      const code = issued.value.verificationCode;
      // One field of the signed payload changed (the masked number's last digit): the signature no longer matches.
      const parts = code.split('|');
      parts[3] = parts[3]!.slice(0, -1) + (parts[3]!.endsWith('0') ? '1' : '0');
      return { ok: true, value: { ...issued.value, verificationCode: parts.join('|') } };
    };
    try {
      await toPurpose(RESIDENT.nearTwelvePoints);
      await tap(page().getByTestId('purpose-employment'));
      await ended().waitFor({ timeout: 30_000 });
    } finally {
      gateway().issueCriminalRecordCertificate = original;
    }
    expect(await endedReason()).toBe('certificateNotVerified');
    expect(await page().getByTestId('error-reference').textContent()).toMatch(/W/);
    await look('zh-ended-signature-not-verified');
    expect(printedPages()).toBe(before);
    await tap(page().getByTestId('ended-home'));
  });

  it('A4 printer out of paper: the certificate is kept for a staff reprint and the resident is told, with a ticket', async () => {
    const engine = a4();
    const sheets = engine.paperSheets;
    try {
      await toPurpose(RESIDENT.commercialDriver);
      // The paper runs out while the resident is at the kiosk (emptied before the tile was tapped, the
      // service would rightly be paused on the home screen instead, as soon as health noticed).
      engine.setPaper(0);
      await tap(page().getByTestId('purpose-visaEmigration'));
      await ended().waitFor({ timeout: 60_000 });
      expect(await endedReason()).toBe('printerFailed');
      expect(await ended().textContent()).toMatch(/没有纸/);
      expect(await page().getByTestId('error-reference').textContent()).toMatch(/W/);
      await look('zh-ended-printer-out-of-paper');
    } finally {
      engine.setPaper(sheets);
    }
    const tx = kiosk.runtime.services.journal.findByIdNumber(RESIDENT.commercialDriver);
    expect(tx.ok && tx.value.at(-1)?.status).toBe('handedToStaff');
    await tap(page().getByTestId('ended-home'));
  });

  it('the resident walks away at the purpose screen: the session ends, nothing is issued', async () => {
    await toPurpose(RESIDENT.suspendedLicence);
    await page().evaluate(() => (location.hash = '#/attract'));
    await page().getByTestId('attract').waitFor();
    expect(kiosk.runtime.core.status().sessionActive).toBe(false);
    await expect.poll(() => {
      const tx = kiosk.runtime.services.journal.findByIdNumber(RESIDENT.suspendedLicence);
      return tx.ok ? tx.value.map((t) => t.status) : [];
    }).toEqual(['failed']);
    const check = await kiosk.runtime.services.gateway.checkCriminalRecord({ idNumber: RESIDENT.suspendedLicence });
    expect(check.ok && check.value.certificatesThisYear).toBe(0);
  });

  it('in English: every screen photographed and checked, through to the printed certificate', async () => {
    const p = page();
    await p.evaluate(() => (location.hash = '#/home'));
    await p.getByTestId('home').waitFor();
    await tap(p.getByTestId('language-switch'));
    await expect.poll(() => p.getByTestId('tile-noCriminalRecord').textContent()).toContain('No-criminal-record');
    await toPurpose(RESIDENT.rareCharacter, 'en-');
    await look('en-4-purpose');
    await tap(p.getByTestId('purpose-other'));
    await typePinyin('jiuye', '就业');
    await look('en-4-purpose-other-typed');
    const restore = [slowOperation('checkCriminalRecord', 1500), slowOperation('issueCriminalRecordCertificate', 1500)];
    try {
      await tap(p.getByTestId('purpose-confirm'));
      await screen('checking').waitFor({ timeout: 5_000 });
      await look('en-5-checking');
      await screen('printing').waitFor({ timeout: 5_000 });
      await look('en-6-printing');
    } finally {
      restore.forEach((undo) => undo());
    }
    await screen('done').waitFor({ timeout: 60_000 });
    await look('en-7-done');
    await tap(p.getByTestId('done-finish'));
    // A statement and an ending in English too.
    await toPurpose(RESIDENT.frequentCertificates);
    await tap(p.getByTestId('purpose-employment'));
    await screen('statement').waitFor({ timeout: 15_000 });
    await look('en-statement');
    await tap(p.getByTestId('flow-exit'));
    await p.getByTestId('home').or(p.getByTestId('ncr-failed')).waitFor();
    await toPurpose(RESIDENT.criminalRecord);
    await tap(p.getByTestId('purpose-employment'));
    await ended().waitFor({ timeout: 15_000 });
    expect(await p.getByTestId('reason-notIssuableHere').textContent()).not.toMatch(/crim|record|offen|convict/i);
    await look('en-ended-not-issuable-here');
    await tap(p.getByTestId('ended-home'));
  });

  it('logged no console errors', () => {
    expect(kiosk.consoleErrors).toEqual([]);
  });
});
