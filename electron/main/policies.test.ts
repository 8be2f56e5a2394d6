import { describe, expect, it } from 'vitest';
import type { Session, WebContents } from 'electron';
import { FakeSession, FakeWebContents } from '../test/fake-electron';
import {
  APP_ENTRY,
  installNavigationGuards,
  installPermissionPolicy,
  installShortcutGuard,
  isAppUrl,
  isBlockedShortcut,
  isPermissionAllowed,
  kioskWindowOptions,
} from './policies';

const key = (k: string, mods: Partial<{ control: boolean; meta: boolean; alt: boolean; shift: boolean }> = {}) => ({
  type: 'keyDown' as const, key: k, control: false, meta: false, alt: false, shift: false, ...mods,
});

describe('window options', () => {
  it('isolate and sandbox the renderer in every mode', () => {
    for (const production of [true, false]) {
      const prefs = kioskWindowOptions('/app/preload.cjs', production).webPreferences!;
      expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, preload: '/app/preload.cjs' });
    }
  });
  it('lock the window into kiosk mode without devtools in production only', () => {
    expect(kioskWindowOptions('p', true)).toMatchObject({ kiosk: true, fullscreen: true, frame: false, webPreferences: { devTools: false } });
    expect(kioskWindowOptions('p', false)).toMatchObject({ kiosk: false, webPreferences: { devTools: true } });
  });
});

describe('navigation guards', () => {
  it('deny window.open and navigation away from the app, allow app URLs', () => {
    const contents = new FakeWebContents();
    const log: string[] = [];
    installNavigationGuards(contents as unknown as WebContents, (event, url) => log.push(`${event} ${url}`));
    expect(contents.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: APP_ENTRY })).toEqual({ action: 'deny' });
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(contents.fire('will-navigate', 'app://other/index.html')).toBe(true);
    expect(contents.fire('will-navigate', 'app://kiosk/index.html#/home')).toBe(false);
    expect(contents.fire('will-attach-webview')).toBe(true);
    expect(log).toContain('navigation-blocked https://evil.example/');
  });

  it('isAppUrl accepts only the app origin', () => {
    expect(isAppUrl('app://kiosk/index.html')).toBe(true);
    for (const url of ['app://kiosk.evil/', 'https://kiosk/', 'file:///app/index.html', 'not a url', '']) expect(isAppUrl(url)).toBe(false);
  });
});

describe('permissions', () => {
  it('allow the camera (video only) to the app origin and nothing else', () => {
    expect(isPermissionAllowed('media', 'app://kiosk/index.html', ['video'])).toBe(true);
    expect(isPermissionAllowed('media', 'app://kiosk/index.html', ['video', 'audio'])).toBe(false);
    expect(isPermissionAllowed('media', 'https://evil.example/', ['video'])).toBe(false);
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'midi', 'fullscreen']) {
      expect(isPermissionAllowed(permission, 'app://kiosk/index.html')).toBe(false);
    }
  });

  it('are installed as request, check and device handlers on the session', () => {
    const session = new FakeSession();
    installPermissionPolicy(session as unknown as Session);
    const answers: boolean[] = [];
    const contents = { getURL: () => 'app://kiosk/index.html' };
    (session.permissionRequestHandler as unknown as (...a: unknown[]) => void)(contents, 'media', (ok: boolean) => answers.push(ok), { requestingUrl: 'app://kiosk/index.html', mediaTypes: ['video'] });
    (session.permissionRequestHandler as unknown as (...a: unknown[]) => void)(contents, 'geolocation', (ok: boolean) => answers.push(ok), { requestingUrl: 'app://kiosk/index.html' });
    expect(answers).toEqual([true, false]);
    expect((session.permissionCheckHandler as unknown as (...a: unknown[]) => boolean)(null, 'media', 'app://kiosk')).toBe(true);
    expect((session.permissionCheckHandler as unknown as (...a: unknown[]) => boolean)(null, 'media', 'https://evil.example')).toBe(false);
    expect((session.devicePermissionHandler as unknown as () => boolean)()).toBe(false);
  });
});

describe('escape shortcuts', () => {
  it('are blocked in production', () => {
    for (const input of [key('F12'), key('F5'), key('F11'), key('r', { control: true }), key('I', { control: true, shift: true }), key('=', { control: true }), key('-', { meta: true }), key('0', { control: true }), key('F4', { alt: true }), key('w', { control: true }), key('p', { control: true })]) {
      expect(isBlockedShortcut(input, true), JSON.stringify(input)).toBe(true);
    }
  });
  it('leave ordinary typing alone, and everything alone in development', () => {
    for (const input of [key('a'), key('1'), key('X', { shift: true }), key('Backspace'), key('Enter')]) expect(isBlockedShortcut(input, true)).toBe(false);
    expect(isBlockedShortcut(key('F12'), false)).toBe(false);
    expect(isBlockedShortcut({ ...key('F12'), type: 'keyUp' }, true)).toBe(false);
  });
  it('are swallowed through before-input-event and zoom is pinned', () => {
    const contents = new FakeWebContents();
    installShortcutGuard(contents as unknown as WebContents, true);
    expect(contents.fire('before-input-event', key('F12'))).toBe(true);
    expect(contents.fire('before-input-event', key('a'))).toBe(false);
    contents.zoomFactor = 2;
    contents.emit('zoom-changed');
    expect(contents.zoomFactor).toBe(1);
  });
});
