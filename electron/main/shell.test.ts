import { describe, expect, it } from 'vitest';
import type { ElectronModule } from './shell';
import { runKioskShell } from './shell';
import { createFakeElectron, FakeBrowserWindow } from '../test/fake-electron';
import { RPC_CHANNEL, EVENT_CHANNEL } from './ipc';

const paths = { outDir: '/opt/kiosk/out/electron', rendererDir: '/opt/kiosk/dist/renderer' };

async function start(production: boolean, fakeOptions = {}) {
  const fake = createFakeElectron(fakeOptions);
  const logs: string[] = [];
  const shell = await runKioskShell(fake.electron as unknown as ElectronModule, { production, paths, log: (event) => logs.push(event) });
  return { fake, shell, logs };
}

describe('kiosk shell start-up (fake electron)', () => {
  it('opens one sandboxed kiosk window on the app protocol', async () => {
    const { fake, shell } = await start(true);
    expect(shell).toBeDefined();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const window = FakeBrowserWindow.instances[0]!;
    expect(window.options).toMatchObject({ kiosk: true, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/opt/kiosk/out/electron/preload.cjs' } });
    expect(window.loadedUrl).toBe('app://kiosk/index.html');
    expect(window.menuRemoved).toBe(true);
    expect(fake.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
    expect(fake.protocolHandlers.has('app')).toBe(true);
    expect(fake.powerSaveBlocks).toEqual(['prevent-display-sleep']);
    expect(fake.defaultSession.permissionRequestHandler).toBeDefined();
    await Promise.resolve();
    expect(window.shown).toBe(true);
  });

  it('runs the core in a utility process and bridges IPC from the app origin only', async () => {
    const { fake } = await start(true);
    expect(fake.forks).toHaveLength(1);
    expect(fake.forks[0]!.modulePath).toBe('/opt/kiosk/out/electron/core.cjs');
    const child = fake.forks[0]!;
    child.emit('message', { type: 'event', name: 'core.state', payload: { state: 'ready' } });

    const window = FakeBrowserWindow.instances[0]!;
    expect(window.webContents.sent).toEqual([{ channel: EVENT_CHANNEL, args: [{ type: 'event', name: 'core.state', payload: { state: 'ready' } }] }]);

    const handler = fake.ipcHandlers.get(RPC_CHANNEL)!;
    const refused = await handler({ senderFrame: { url: 'https://evil.example/' } }, { type: 'request', id: 4, method: 'kiosk.info', params: {} });
    expect(refused).toMatchObject({ id: 4, ok: false, error: { code: 'unauthorized' } });
    expect(child.posted).toEqual([]);

    const answer = handler({ senderFrame: { url: 'app://kiosk/index.html#/home' } }, { type: 'request', id: 5, method: 'kiosk.info', params: {} }) as Promise<unknown>;
    const posted = child.posted[0] as { id: number };
    child.emit('message', { type: 'response', id: posted.id, ok: true, result: {} });
    expect(await answer).toEqual({ type: 'response', id: 5, ok: true, result: {} });
  });

  it('tells the window the core is unavailable when its process dies', async () => {
    const { fake } = await start(false);
    fake.forks[0]!.emit('exit', 134);
    const window = FakeBrowserWindow.instances[0]!;
    expect(window.webContents.sent.at(-1)).toEqual({ channel: EVENT_CHANNEL, args: [{ type: 'event', name: 'core.state', payload: { state: 'unavailable', reason: 'exit code 134' } }] });
    fake.app.emit('before-quit');
  });

  it('relaunches the app when the renderer keeps crashing', async () => {
    const { fake } = await start(true);
    const contents = FakeBrowserWindow.instances[0]!.webContents;
    for (let i = 0; i < 4; i++) contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(contents.reloads).toBe(3);
    expect(fake.app.relaunched).toBe(true);
    expect(fake.app.exitCode).toBe(0);
    fake.app.emit('before-quit');
  });

  it('guards every web contents created later, too', async () => {
    const { fake } = await start(true);
    const { FakeWebContents } = await import('../test/fake-electron');
    const late = new FakeWebContents();
    fake.app.emit('web-contents-created', {}, late);
    expect(late.fire('will-navigate', 'https://evil.example/')).toBe(true);
    fake.app.emit('before-quit');
  });

  it('quits when another instance already runs', async () => {
    const { fake, shell, logs } = await start(true, { singleInstance: false });
    expect(shell).toBeUndefined();
    expect(fake.app.quitCalled).toBe(true);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(logs).toEqual(['second-instance-exit']);
  });
});
