import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { renderPdfPages } from '../devices/document-printer/render/pdf-render';
import { buildTrafficPenaltyDecisionPdf, decisionCodePayload } from '../services/documents/penalty-decision';
import { simulatorSigner } from '../services/documents/issuer';
import { SAMPLE_DECISION } from '../services/documents/samples';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'kiosk-verify-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function verify(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/verify.ts', ...args], { encoding: 'utf8' });
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

describe('npm run verify', () => {
  const code = simulatorSigner().sign(decisionCodePayload(SAMPLE_DECISION));

  it('accepts a genuine code given as text (exit 0) and names the document', async () => {
    const result = await verify(code, '--today', '2026-03-05');
    expect(result.code).toBe(0);
    expect(result.out).toContain('真实有效');
    expect(result.out).toContain('TPD 公安交通管理简易程序处罚决定书');
  });

  it('rejects a tampered code and an expired one (exit 1) with their verdicts', async () => {
    const tampered = await verify(code.replace('罚款200元', '罚款20元'), '--today', '2026-03-05');
    expect(tampered).toMatchObject({ code: 1, out: expect.stringContaining('签名不符') });
    expect(tampered.out).toContain('NOT verified');
    expect(await verify(code, '--today', '2026-09-01')).toMatchObject({ code: 1, out: expect.stringContaining('已于2026-08-31过期') });
  });

  it('reads the QR code from a PDF and from a PNG of the document', async () => {
    const pdf = await buildTrafficPenaltyDecisionPdf(SAMPLE_DECISION, code);
    writeFileSync(join(dir, 'decision.pdf'), pdf);
    writeFileSync(join(dir, 'decision.png'), (await renderPdfPages(pdf, { dpi: 150 })).pages[0]!);
    expect(await verify(join(dir, 'decision.pdf'), '--today', '2026-03-05')).toMatchObject({ code: 0 });
    expect(await verify(join(dir, 'decision.png'), '--today', '2026-03-05')).toMatchObject({ code: 0, out: expect.stringContaining('1101011200123456') });
  });

  it('checks against the keys given with --keys (wrong key: not a trusted issuer)', async () => {
    writeFileSync(join(dir, 'keys.json'), JSON.stringify([{ name: '北京市公安局', publicKey: '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13' }]));
    expect(await verify(code, '--today', '2026-03-05', '--keys', join(dir, 'keys.json'))).toMatchObject({ code: 1, out: expect.stringContaining('wrong key') });
  });
});
