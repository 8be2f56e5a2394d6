/**
 * npm run verify -- <code | file.png | file.jpg | file.pdf> [--today YYYY-MM-DD] [--keys keys.json]
 *
 * Verifies a document's signed verification code offline: the code itself, or the QR code read
 * from a photo, scan or PDF of the document. The SM2 signature is checked against the trusted
 * issuer keys (verify/trusted-keys.json, or --keys with a JSON list of {name, publicKey}). Prints the
 * verdict and the signed fields; exits 0 only for a genuine, unexpired document.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { issuerDate } from '../services/documents/dates';
import { readQrFromPdf, readQrFromPng } from '../services/documents/qr-read';
import { describeVerdict, DocumentKinds, verifyCode } from '../services/documents/signing/code';
import { toIssuerKeys, TRUSTED_KEYS, type TrustedKeyEntry } from '../verify/trusted-keys';
import { createCanvas, loadImage } from '@napi-rs/canvas';

function usage(message?: string): never {
  if (message) console.error(message);
  console.error('usage: npm run verify -- <code | image.png/jpg | document.pdf> [--today YYYY-MM-DD] [--keys keys.json]');
  process.exit(2);
}

async function codeFrom(input: string): Promise<string | undefined> {
  if (input.startsWith('KV1|') || !existsSync(input)) return input;
  const bytes = readFileSync(input);
  const ext = extname(input).toLowerCase();
  if (ext === '.pdf' || bytes.subarray(0, 5).toString('latin1') === '%PDF-') return readQrFromPdf(bytes);
  if (ext === '.png') return readQrFromPng(bytes);
  // JPEG and others: decode with canvas, then read the QR code from the pixels.
  const image = await loadImage(bytes);
  const canvas = createCanvas(image.width, image.height);
  canvas.getContext('2d').drawImage(image, 0, 0);
  return readQrFromPng(canvas.toBuffer('image/png'));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  let today = issuerDate(); // dates on the documents are Beijing dates
  let keys = TRUSTED_KEYS;
  const inputs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--today') today = args[++i] ?? usage('--today needs a date');
    else if (arg === '--keys') keys = toIssuerKeys(JSON.parse(readFileSync(args[++i] ?? usage('--keys needs a file'), 'utf8')) as TrustedKeyEntry[]);
    else inputs.push(arg);
  }
  if (inputs.length !== 1) usage();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) usage('--today must be YYYY-MM-DD');
  const code = await codeFrom(inputs[0]!);
  if (!code) {
    console.log('✘ 未找到二维码 / no QR code found in that file');
    return 1;
  }
  const verdict = verifyCode(code, keys, today);
  const words = describeVerdict(verdict);
  console.log(`${words.ok ? '✔' : '✘'} ${words.zh}\n  ${words.en}`);
  if (verdict.verdict !== 'malformed') {
    const p = verdict.payload;
    const trusted = verdict.verdict === 'valid' || verdict.verdict === 'expired' || verdict.verdict === 'notYetValid';
    console.log(trusted ? '\nSigned contents (signature verified):' : '\nContents of the code (NOT verified, do not rely on them):');
    const rows: [string, string][] = [
      ['document', `${p.kind} ${DocumentKinds[p.kind]}`],
      ['number', p.number],
      ['ID (masked)', p.maskedId],
      ['issued', p.issued],
      ['valid until', p.expires],
      ['purpose', p.purpose],
      ['issuing unit', p.unit],
      ['fields digest', p.digest],
      ['key', p.keyId],
    ];
    for (const [label, value] of rows) {
      console.log(`  ${label.padEnd(14)} ${value}`);
    }
  }
  return verdict.verdict === 'valid' ? 0 : 1;
}

process.exitCode = await main();
