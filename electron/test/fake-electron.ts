/**
 * A fake `electron` module for tests: enough of app, BrowserWindow, webContents, session, protocol,
 * ipcMain, powerSaveBlocker, utilityProcess and contextBridge to run the shell's start-up and policies.
 * The real module is never imported in tests (from Electron 42 on, requiring it downloads the binary).
 */
import { EventEmitter } from 'node:events';

export class FakeWebContents extends EventEmitter {
  url = '';
  destroyed = false;
  reloads = 0;
  crashes = 0;
  zoomFactor = 1;
  sent: { channel: string; args: unknown[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.url;
  }
  isDestroyed() {
    return this.destroyed;
  }
  reload() {
    this.reloads += 1;
  }
  /** Like Electron: killing the renderer is reported through render-process-gone. */
  forcefullyCrashRenderer() {
    this.crashes += 1;
    this.emit('render-process-gone', {}, { reason: 'killed', exitCode: 9 });
  }
  send(channel: string, ...args: unknown[]) {
    this.sent.push({ channel, args });
  }
  setVisualZoomLevelLimits() {
    return Promise.resolve();
  }
  setZoomFactor(factor: number) {
    this.zoomFactor = factor;
  }
  /** Emits an event whose handler may call preventDefault; returns whether it did. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl = '';
  shown = false;
  menuRemoved = false;
  destroyed = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    this.webContents.url = url;
    queueMicrotask(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  show() {
    this.shown = true;
  }
  removeMenu() {
    this.menuRemoved = true;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export class FakeSession {
  permissionRequestHandler: ((...args: never[]) => void) | undefined;
  permissionCheckHandler: ((...args: never[]) => boolean) | undefined;
  devicePermissionHandler: ((...args: never[]) => boolean) | undefined;
  setPermissionRequestHandler(handler: (...args: never[]) => void) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: (...args: never[]) => boolean) {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: (...args: never[]) => boolean) {
    this.devicePermissionHandler = handler;
  }
}

export class FakeUtilityProcess extends EventEmitter {
  posted: unknown[] = [];
  killed = false;
  constructor(
    readonly modulePath: string,
    readonly options: Record<string, unknown>,
  ) {
    super();
  }
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  kill() {
    this.killed = true;
    return true;
  }
}

export function createFakeElectron(options: { singleInstance?: boolean } = {}) {
  const app = Object.assign(new EventEmitter(), {
    quitCalled: false,
    relaunched: false,
    exitCode: undefined as number | undefined,
    requestSingleInstanceLock: () => options.singleInstance ?? true,
    whenReady: () => Promise.resolve(),
    quit() {
      this.quitCalled = true;
    },
    relaunch() {
      this.relaunched = true;
    },
    exit(code: number) {
      this.exitCode = code;
    },
    getVersion: () => '0.1.0-test',
    isPackaged: false,
  });
  const ipcHandlers = new Map<string, (...args: unknown[]) => unknown>();
  const forks: FakeUtilityProcess[] = [];
  const defaultSession = new FakeSession();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const privilegedSchemes: unknown[] = [];
  const powerSaveBlocks: string[] = [];
  FakeBrowserWindow.instances = [];

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain: {
      handle: (channel: string, handler: (...args: unknown[]) => unknown) => void ipcHandlers.set(channel, handler),
      removeHandler: (channel: string) => void ipcHandlers.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => void privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void protocolHandlers.set(scheme, handler),
    },
    session: { defaultSession },
    powerSaveBlocker: { start: (type: string) => (powerSaveBlocks.push(type), powerSaveBlocks.length) },
    utilityProcess: {
      fork: (modulePath: string, _args: string[], forkOptions: Record<string, unknown>) => {
        const child = new FakeUtilityProcess(modulePath, forkOptions);
        forks.push(child);
        return child;
      },
    },
  };
  return { electron, app, ipcHandlers, forks, defaultSession, protocolHandlers, privilegedSchemes, powerSaveBlocks };
}
