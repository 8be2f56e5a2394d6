/**
 * CJK font discovery for rendering printed output. The font is found at run time (Debian's
 * fonts-noto-cjk puts Noto Sans/Serif CJK under /usr/share/fonts/opentype/noto) and registered
 * with @napi-rs/canvas once. When no CJK font is installed the caller gets a clear error value
 * instead of tofu boxes.
 */
import { err, ok, type Result } from '../../contract/result';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';

export const CJK_FAMILY = 'KioskCJK';

/** The registered CJK font: its family name and the files behind it. */
export interface CjkFont {
  family: string;
  regular: string;
  bold: string | undefined;
}

export type FontResult = Result<CjkFont, { message: string }>;

const DEFAULT_ROOTS = ['/usr/share/fonts', '/usr/local/share/fonts', `${process.env.HOME ?? ''}/.fonts`];
/** Preferred files, best first; any other file with CJK in its name is a fallback. */
const PREFERRED = [
  /^NotoSansCJK-Regular\.tt[cf]$/i,
  /^NotoSansCJKsc-Regular\.otf$/i,
  /^NotoSerifCJK-Regular\.tt[cf]$/i,
  /^(wqy-zenhei|wqy-microhei)\.tt[cf]$/i,
];

/** Lists font files under `roots` (depth-limited, unreadable folders skipped). */
function listFontFiles(roots: string[], depth = 4): string[] {
  const out: string[] = [];
  const walk = (dir: string, level: number) => {
    if (level > depth) return;
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries) {
      const full = join(dir, name);
      let isDir: boolean;
      try {
        isDir = statSync(full).isDirectory();
      } catch {
        continue;
      }
      if (isDir) walk(full, level + 1);
      else if (/\.(ttc|ttf|otf)$/i.test(name)) out.push(full);
    }
  };
  for (const root of roots) if (root && existsSync(root)) walk(root, 0);
  return out;
}

/** The first installed font file whose name matches one of `patterns` (tried in order). */
export function findFontFile(patterns: readonly RegExp[], roots: string[] = DEFAULT_ROOTS): string | undefined {
  const files = listFontFiles(roots);
  const base = (f: string) => f.split('/').pop() ?? f;
  for (const pattern of patterns) {
    const found = files.find((f) => pattern.test(base(f)));
    if (found) return found;
  }
  return undefined;
}

/** Finds a CJK font file (regular and, if present, bold); undefined when none is installed. */
export function findCjkFont(
  roots: string[] = DEFAULT_ROOTS,
): { regular: string; bold: string | undefined } | undefined {
  const files = listFontFiles(roots);
  const base = (f: string) => f.split('/').pop() ?? f;
  let regular: string | undefined;
  for (const pattern of PREFERRED) {
    regular = files.find((f) => pattern.test(base(f)));
    if (regular) break;
  }
  regular ??= files.find((f) => /cjk|hei|song|ming|gothic/i.test(base(f)) && !/bold/i.test(base(f)));
  if (!regular) return undefined;
  const boldName = base(regular).replace(/Regular/i, 'Bold');
  const bold = boldName !== base(regular) ? files.find((f) => base(f) === boldName) : undefined;
  return { regular, bold };
}

let registered: FontResult | undefined;

/** Registers the CJK font once (regular + bold under one family) and says which files were used. */
export function ensureCjkFont(roots?: string[]): FontResult {
  if (registered?.ok && !roots) return registered;
  const found = findCjkFont(roots);
  if (!found) {
    const result: FontResult = err({
      message: `no CJK font found under ${(roots ?? DEFAULT_ROOTS).join(', ')}: install fonts-noto-cjk (apt-get install fonts-noto-cjk) to render Chinese`,
    });
    if (!roots) registered = result;
    return result;
  }
  GlobalFonts.registerFromPath(found.regular, CJK_FAMILY);
  if (found.bold) GlobalFonts.registerFromPath(found.bold, CJK_FAMILY);
  const result: FontResult = ok({ family: CJK_FAMILY, regular: found.regular, bold: found.bold });
  if (!roots) registered = result;
  return result;
}
