/**
 * The Electron core is one CommonJS bundle (scripts/build-electron.ts): import.meta is empty there
 * and files next to a module are not. This bundles the document pieces the same way and runs them:
 * build a certificate PDF (fonts, HarfBuzz subsetting), render it (pdf.js) and read its QR back.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_EXTERNALS } from '../../scripts/bundle-externals';

const dir = mkdtempSync(join(process.cwd(), 'node_modules/.cache-kiosk-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('documents inside a CommonJS bundle like the Electron core', () => {
  it('builds, renders and reads back a certificate', async () => {
    const entry = join(dir, 'entry.ts');
    writeFileSync(
      entry,
      `import { buildNoCriminalRecordCertificatePdf, certificateCodePayload, simulatorSigner, readQrFromPdf, SAMPLE_CERTIFICATE } from '${process.cwd()}/services/documents';
       (async () => {
         const code = simulatorSigner().sign(certificateCodePayload(SAMPLE_CERTIFICATE));
         const pdf = await buildNoCriminalRecordCertificatePdf(SAMPLE_CERTIFICATE, code);
         const read = await readQrFromPdf(pdf);
         console.log(JSON.stringify({ size: pdf.length, same: read === code }));
       })().catch((e) => { console.error(e); process.exit(1); });`,
    );
    const out = join(dir, 'bundle.cjs');
    await build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: BUNDLE_EXTERNALS, logLevel: 'error' });
    const { stdout } = await promisify(execFile)(process.execPath, [out], { encoding: 'utf8' });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { size: number; same: boolean };
    expect(result.same).toBe(true);
    expect(result.size).toBeLessThan(100_000);
  }, 60_000);
});
