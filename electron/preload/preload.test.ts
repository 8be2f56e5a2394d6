import { beforeEach, describe, expect, it, vi } from 'vitest';

// The preload imports `electron`; replace it with a fake so the real module (which would download
// the Electron binary) is never loaded.
const exposed: Record<string, unknown> = {};
const listeners = new Map<string, (...args: unknown[]) => void>();
const invoked: unknown[][] = [];
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve({ ok: true })),
    on: (channel: string, handler: (...args: unknown[]) => void) => void listeners.set(channel, handler),
    removeListener: (channel: string) => void listeners.delete(channel),
  },
}));

describe('preload bridge', () => {
  beforeEach(async () => {
    await import('./index');
  });

  it('exposes only window.kiosk with invoke and subscribe', () => {
    expect(Object.keys(exposed)).toEqual(['kiosk']);
    expect(Object.keys(exposed.kiosk as object).sort()).toEqual(['invoke', 'subscribe']);
  });

  it('invoke goes to the one RPC channel; subscribe receives messages without the IPC event object', async () => {
    const kiosk = exposed.kiosk as { invoke(r: unknown): Promise<unknown>; subscribe(l: (m: unknown) => void): () => void };
    await kiosk.invoke({ type: 'request', id: 1, method: 'kiosk.info', params: {} });
    expect(invoked).toEqual([['kiosk:rpc', { type: 'request', id: 1, method: 'kiosk.info', params: {} }]]);
    const seen: unknown[] = [];
    const off = kiosk.subscribe((message) => seen.push(message));
    listeners.get('kiosk:event')!({ sender: 'secret ipc event' }, { type: 'event', name: 'core.state', payload: { state: 'ready' } });
    expect(seen).toEqual([{ type: 'event', name: 'core.state', payload: { state: 'ready' } }]);
    off();
    expect(listeners.has('kiosk:event')).toBe(false);
  });
});
