/**
 * Builds the offline verification page: verify/page.ts and everything it imports (the SM2/SM3
 * verifier, jsQR, the trusted keys from verify/trusted-keys.json) bundled into one self-contained
 * HTML file that works opened from disk with no network. Usage: npm run build:verify [-- out.html]
 */
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles the page and returns the HTML. */
export async function buildVerifyPage(): Promise<string> {
  const result = await build({
    entryPoints: [resolve(root, 'verify/page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const script = result.outputFiles[0]!.text.replaceAll('</script', '<\\/script');
  const template = readFileSync(resolve(root, 'verify/index.template.html'), 'utf8');
  return template.replace('/*BUNDLE*/', () => script);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? resolve(root, 'out/verify/index.html'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, await buildVerifyPage());
  console.log(`wrote ${out}`);
}
