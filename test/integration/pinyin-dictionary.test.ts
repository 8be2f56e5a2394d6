import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/harness';

describe('the pinyin keyboard dictionary', () => {
  it('is what scripts/gen-pinyin-dictionary.ts builds from the pinned pinyin-pro packages', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/gen-pinyin-dictionary.ts', '--check'], { cwd: ROOT });
    expect(stdout).toContain('up to date');
  }, 60_000);
});
