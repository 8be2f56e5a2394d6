import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureCjkFont, findCjkFont } from './fonts';

describe('CJK font discovery', () => {
  it('prefers Noto Sans CJK Regular and pairs it with its Bold', () => {
    const root = mkdtempSync(join(tmpdir(), 'fonts-'));
    mkdirSync(join(root, 'opentype', 'noto'), { recursive: true });
    for (const f of ['NotoSerifCJK-Regular.ttc', 'NotoSansCJK-Regular.ttc', 'NotoSansCJK-Bold.ttc', 'DejaVuSans.ttf'])
      writeFileSync(join(root, 'opentype', 'noto', f), '');
    expect(findCjkFont([root])).toEqual({
      regular: join(root, 'opentype/noto/NotoSansCJK-Regular.ttc'),
      bold: join(root, 'opentype/noto/NotoSansCJK-Bold.ttc'),
    });
  });

  it('says clearly when no CJK font exists', () => {
    const root = mkdtempSync(join(tmpdir(), 'nofonts-'));
    writeFileSync(join(root, 'DejaVuSans.ttf'), '');
    expect(findCjkFont([root])).toBeUndefined();
    const result = ensureCjkFont([root]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/no CJK font.*fonts-noto-cjk/);
  });

  it('finds the installed font on this machine', () => {
    const result = ensureCjkFont();
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.value.regular).toMatch(/CJK/);
  });
});
