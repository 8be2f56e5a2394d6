/**
 * The offline verification page (browser side): type or paste a verification code (a QR scanner
 * that types works too), or choose a photo or scan of the document; the QR is decoded in the page
 * (jsQR), the SM2 signature is checked against the issuer keys built into the page, and the verdict
 * is shown with the signed fields. Nothing is sent anywhere: the page works opened from disk.
 */
import { describeVerdict, DocumentKinds, verifyCode, type Verdict } from '../services/documents/signing/code';
import { readQrFromPixels } from '../services/documents/qr-read-pixels';
import { issuerDate } from '../services/documents/dates';
import { TRUSTED_KEYS } from './trusted-keys';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
// The documents' dates are Beijing dates; compare with Beijing's today whatever this device's zone.
const today = () => issuerDate();

function show(verdict: Verdict): void {
  const words = describeVerdict(verdict);
  const box = $('verdict');
  box.className = `verdict ${words.ok ? 'ok' : 'bad'}`;
  box.hidden = false;
  $('verdict-icon').textContent = words.ok ? '✔' : '✘';
  $('verdict-zh').textContent = words.zh;
  $('verdict-en').textContent = words.en;
  const table = $<HTMLTableSectionElement>('fields');
  table.replaceChildren();
  $('contents').hidden = verdict.verdict === 'malformed';
  const note = $('fields-note');
  note.className = `note ${words.ok ? '' : 'bad'}`;
  note.textContent =
    verdict.verdict === 'malformed'
      ? ''
      : verdict.verdict === 'valid' || verdict.verdict === 'expired' || verdict.verdict === 'notYetValid'
        ? '签名已验证的内容 / Signed contents (signature verified)'
        : '核验码所载内容——未经证实，不可采信 / Contents of the code — NOT verified, do not rely on them';
  if (verdict.verdict === 'malformed') return;
  const p = verdict.payload;
  const rows: [string, string][] = [
    ['文书 Document', DocumentKinds[p.kind]],
    ['编号 Number', p.number],
    ['证件号码 ID (masked)', p.maskedId],
    ['签发日期 Issued', p.issued],
    ['有效期至 Valid until', p.expires],
    ['用途 Purpose', p.purpose],
    ['签发单位 Issuing unit', p.unit],
    ['签名密钥 Key', `${p.keyId}${'issuer' in verdict ? ` (${verdict.issuer.name})` : ''}`],
  ];
  for (const [label, value] of rows) {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.textContent = label;
    const td = document.createElement('td');
    td.textContent = value;
    tr.append(th, td);
    table.append(tr);
  }
}

function verifyText(text: string): void {
  show(verifyCode(text, TRUSTED_KEYS, today()));
}

async function verifyImage(file: File): Promise<void> {
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return;
  context.drawImage(bitmap, 0, 0);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
  const text = readQrFromPixels(pixels.data, pixels.width, pixels.height);
  if (!text) {
    show({ verdict: 'malformed', reason: 'no QR code found in the image (take a sharper, straighter photo) / 图片中未找到二维码' });
    return;
  }
  $<HTMLTextAreaElement>('code').value = text;
  verifyText(text);
}

$('check').addEventListener('click', () => verifyText($<HTMLTextAreaElement>('code').value));
$<HTMLInputElement>('image').addEventListener('change', (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file) void verifyImage(file);
});
$('keys').textContent = TRUSTED_KEYS.map((k) => `${k.name} · ${k.keyId}`).join('\n');
$('today').textContent = today();
