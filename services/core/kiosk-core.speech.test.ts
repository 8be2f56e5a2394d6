import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { developmentConfig } from '../config/load';
import { createMemoryLogger } from '../log/logger';
import { createSpeechService } from '../speech';
import { fakeEngine, unavailable } from '../speech/test-engines';
import { createKioskCore, type KioskCore } from './kiosk-core';

describe('kiosk core: speech over the contract', () => {
  let core: KioskCore | undefined;
  let dataDir = '';
  afterEach(async () => {
    await core?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function setup(engine = fakeEngine('espeak-ng')) {
    dataDir = mkdtempSync(join(tmpdir(), 'core-speech-'));
    const config = developmentConfig({ dataDir, speech: { defaultVolumeStep: 3 } });
    const log = createMemoryLogger();
    const speech = createSpeechService({ config: config.speech, dataDir, log, engines: { 'espeak-ng': engine } });
    core = createKioskCore({ config, version: 't', log, speech });
    const events: { name: string; payload: unknown }[] = [];
    core.onEvent((name, payload) => events.push({ name, payload }));
    await core.start();
    const call = async (method: string, params: unknown) => {
      const response = await core!.dispatch({ type: 'request', id: 1, method, params }, { via: 'test' });
      if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
      return response.result as Record<string, unknown>;
    };
    return { call, events, speech, log };
  }

  it('speaks through speech.say, tells the UI its volume default, and reports voice health in status', async () => {
    const { call, speech } = await setup();
    await speech.whenChecked();
    expect((await call('kiosk.info', {})).voice).toEqual({ defaultVolumeStep: 3 });
    const said = await call('speech.say', { text: '请稍候', locale: 'zh-CN' });
    expect(said).toMatchObject({ ok: true, clip: { engine: 'espeak-ng', source: 'synthesized', nextOffset: null } });
    expect(await call('voice.health', {})).toMatchObject({ level: 'ok', engine: 'espeak-ng' });
    expect(core!.status().voice).toBe('ok');
  });

  it('pushes voice.health when the engine turns out not to work, and /healthz says degraded', async () => {
    const { events, speech } = await setup(fakeEngine('espeak-ng', { load: unavailable('espeak-ng could not load') }));
    await speech.whenChecked();
    const pushed = events.filter((event) => event.name === 'voice.health').map((event) => event.payload);
    expect(pushed.at(-1)).toMatchObject({ level: 'degraded', engine: null, reason: expect.stringContaining('espeak-ng could not load') });
    expect(core!.status().voice).toBe('degraded');
  });

  it('forgets the resident\'s spoken details when their session ends', async () => {
    const { call, speech } = await setup();
    await speech.whenChecked();
    const session = (await call('session.start', { locale: 'zh-CN' })) as { sessionId: string };
    const text = '身份证号 110105********002X';
    expect(await call('speech.say', { text, locale: 'zh-CN' })).toMatchObject({ clip: { source: 'synthesized' } });
    expect(await call('speech.say', { text, locale: 'zh-CN' })).toMatchObject({ clip: { source: 'memory' } });
    await call('session.end', { sessionId: session.sessionId, reason: 'home' });
    expect(await call('speech.say', { text, locale: 'zh-CN' })).toMatchObject({ clip: { source: 'synthesized' } });
  });

  it('refuses a clip part it does not have, and bad params, as typed errors', async () => {
    const { call } = await setup();
    await expect(call('speech.clip', { clipId: 'abcdefgh1234', offset: 524288 })).rejects.toThrow(/^rejected/);
    await expect(call('speech.say', { text: '', locale: 'zh-CN' })).rejects.toThrow(/^badParams/);
    await expect(call('speech.say', { text: 'x', locale: 'fr' })).rejects.toThrow(/^badParams/);
  });
});
