/**
 * Kiosk security policies for the window, its web contents and its session. Each function takes
 * the Electron objects it acts on, so tests drive them with a fake `electron` module.
 */
import type { BrowserWindowConstructorOptions, Input, Session, WebContents } from 'electron';
import { contentSecurityPolicy } from '../../contract/csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** The CSP for every page the app serves from its own protocol (the API goes over IPC). */
export const APP_CSP = contentSecurityPolicy();

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

export function kioskWindowOptions(preloadPath: string, production: boolean): BrowserWindowConstructorOptions {
  return {
    kiosk: production,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#f4f6fa',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: !production,
      disableBlinkFeatures: 'Auxclick',
    },
  };
}

/** Denies every new window and any navigation away from the app. */
export function installNavigationGuards(contents: WebContents, log: (event: string, url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    log('window-open-denied', url);
    return { action: 'deny' };
  });
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    log('navigation-blocked', url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Permissions the app needs (the camera for face comparison), for its own origin only. */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['media']);

export function isPermissionAllowed(permission: string, requestingUrl: string, mediaTypes: readonly string[] = []): boolean {
  if (!ALLOWED_PERMISSIONS.has(permission) || !isAppUrl(requestingUrl)) return false;
  // Video only: the kiosk never records sound.
  return mediaTypes.every((type) => type === 'video');
}

export function installPermissionPolicy(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(isPermissionAllowed(permission, details.requestingUrl ?? contents.getURL(), mediaTypes));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin.endsWith('/') ? requestingOrigin : `${requestingOrigin}/`),
  );
  session.setDevicePermissionHandler(() => false);
}

/**
 * Keyboard escapes a kiosk must not offer in production: devtools, reload, zoom, print, find,
 * fullscreen toggle, closing the window. Returns true when the input must be swallowed.
 */
export function isBlockedShortcut(input: Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'alt' | 'shift'>, production: boolean): boolean {
  if (!production || input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  const command = input.control || input.meta;
  if (['f5', 'f11', 'f12'].includes(key)) return true;
  if (input.alt && ['f4', 'arrowleft', 'arrowright', 'home'].includes(key)) return true;
  if (command && ['r', 'w', 'q', 'p', 'f', 'g', 'n', 't', 'o', 's', 'u', 'j', '+', '=', '-', '0', 'plus', 'minus'].includes(key)) return true;
  if (command && input.shift && ['i', 'j', 'c', 'r', 'delete'].includes(key)) return true;
  return false;
}

export function installShortcutGuard(contents: WebContents, production: boolean): void {
  contents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input, production)) event.preventDefault();
  });
  if (production) {
    contents.setVisualZoomLevelLimits(1, 1).catch(() => {});
    contents.on('zoom-changed', () => contents.setZoomFactor(1));
  }
}
