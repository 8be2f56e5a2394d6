/**
 * The kiosk shell: one full-screen window with the app's policies, the core in a supervised
 * utility process, the IPC bridge between them, crash/hang recovery and no display sleep.
 * It receives the `electron` module as an argument, so the whole start-up runs against a fake in tests.
 */
import { join } from 'node:path';
import type * as Electron from 'electron';
import { createCoreHost, type CoreHost } from './core-host';
import { forwardEvent, installIpcBridge } from './ipc';
import {
  APP_ENTRY,
  APP_SCHEME,
  installNavigationGuards,
  installPermissionPolicy,
  installShortcutGuard,
  kioskWindowOptions,
} from './policies';
import { createAppProtocolHandler } from './protocol';
import { installRendererRecovery } from './recovery';

export type ElectronModule = Pick<
  typeof Electron,
  'app' | 'BrowserWindow' | 'ipcMain' | 'protocol' | 'session' | 'powerSaveBlocker' | 'utilityProcess'
>;

export interface ShellPaths {
  /** Folder holding main.cjs, preload.cjs and core.cjs. */
  outDir: string;
  /** Folder with the built renderer. */
  rendererDir: string;
}

export interface ShellOptions {
  production: boolean;
  paths: ShellPaths;
  log: (event: string, fields?: Record<string, unknown>) => void;
  /** Passed to the core process as KIOSK_CONFIG. */
  configPath?: string;
}

export interface RunningShell {
  readonly window: Electron.BrowserWindow;
  readonly core: CoreHost;
}

/** Must run before the app is ready: the custom scheme needs privileges to behave like https. */
export function registerAppScheme(electron: ElectronModule): void {
  electron.protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export async function runKioskShell(electron: ElectronModule, options: ShellOptions): Promise<RunningShell | undefined> {
  const { app, BrowserWindow, ipcMain, protocol, session, powerSaveBlocker, utilityProcess } = electron;
  const { log, production } = options;

  if (!app.requestSingleInstanceLock()) {
    log('second-instance-exit');
    app.quit();
    return undefined;
  }
  registerAppScheme(electron);
  app.on('web-contents-created', (_event, contents) => installNavigationGuards(contents, (event, url) => log(event, { url: url.slice(0, 200) })));
  await app.whenReady();

  protocol.handle(APP_SCHEME, createAppProtocolHandler(options.paths.rendererDir));
  installPermissionPolicy(session.defaultSession);
  powerSaveBlocker.start('prevent-display-sleep');

  const window = new BrowserWindow(kioskWindowOptions(join(options.paths.outDir, 'preload.cjs'), production));
  if (production) window.removeMenu();
  installShortcutGuard(window.webContents, production);

  const core = createCoreHost({
    fork: () =>
      utilityProcess.fork(join(options.paths.outDir, 'core.cjs'), [], {
        serviceName: 'kiosk-core',
        stdio: 'inherit',
        env: { ...process.env, KIOSK_VERSION: app.getVersion(), ...(options.configPath ? { KIOSK_CONFIG: options.configPath } : {}) },
      }),
    onEvent: (message) => forwardEvent(window.isDestroyed() ? undefined : window.webContents, message),
    log,
  });
  installIpcBridge(ipcMain, core, log);
  core.start();

  installRendererRecovery(window, {
    maxReloads: 3,
    windowMs: 5 * 60_000,
    unresponsiveGraceMs: 10_000,
    log,
    relaunch: () => {
      app.relaunch();
      app.exit(0);
    },
  });

  window.once('ready-to-show', () => window.show());
  app.on('before-quit', () => core.stop());
  app.on('window-all-closed', () => app.quit());
  await window.loadURL(APP_ENTRY);
  log('shell-ready', { production });
  return { window, core };
}
