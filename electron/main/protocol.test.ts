import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_CSP } from './policies';
import { createAppProtocolHandler, resolveAppFile } from './protocol';

describe('app protocol', () => {
  it('maps app://kiosk paths inside the renderer folder only', () => {
    expect(resolveAppFile('/r', 'app://kiosk/')).toBe('/r/index.html');
    expect(resolveAppFile('/r', 'app://kiosk/assets/a.js')).toBe('/r/assets/a.js');
    // The URL parser collapses plain dot segments; encoded slashes survive it and must be caught here.
    for (const url of ['app://kiosk/../etc/passwd', 'app://kiosk/%2e%2e/%2e%2e/etc/passwd']) {
      expect(resolveAppFile('/r', url), url).toBe('/r/etc/passwd');
    }
    for (const url of ['app://kiosk/..%2f..%2fetc/passwd', 'app://kiosk/assets%2f..%2f..%2f..%2fetc%2fpasswd', 'app://other/index.html', 'app://kiosk/%E0%A4%A', 'nonsense']) {
      expect(resolveAppFile('/r', url), url).toBeNull();
    }
  });

  it('serves files with their type and the CSP, and 404 for anything else', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kiosk-proto-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<html></html>');
    writeFileSync(join(root, 'assets', 'a.js'), 'x');
    const handle = createAppProtocolHandler(root);
    const index = await handle(new Request('app://kiosk/index.html'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).toContain("connect-src 'self';");
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await (await handle(new Request('app://kiosk/assets/a.js'))).text()).toBe('x');
    expect((await handle(new Request('app://kiosk/missing.js'))).status).toBe(404);
  });
});
