import { describe, expect, it } from 'vitest';
import type { KioskApi } from '../../contract/api';
import type { SpeechSayResult } from '../../contract/speech';
import { VOLUME_GAIN, VoicePlayer, type PlatformVoice } from './player';

/** Just enough of Web Audio to see what the player does with it. */
function fakeAudio() {
  const started: { bytes: number }[] = [];
  const stopped: number[] = [];
  const gain = { gain: { value: 0, setValueAtTime(value: number) { this.value = value; } }, connect() {} };
  const context = {
    state: 'running',
    currentTime: 0,
    destination: {},
    createGain: () => gain,
    async decodeAudioData(buffer: ArrayBuffer) {
      return { byteLength: buffer.byteLength };
    },
    createBufferSource() {
      const source = {
        buffer: null as { byteLength: number } | null,
        onended: null as (() => void) | null,
        connect() {},
        start() {
          started.push({ bytes: source.buffer!.byteLength });
        },
        stop() {
          stopped.push(started.length);
        },
      };
      return source;
    },
    resume: async () => {},
  };
  return { context: context as unknown as AudioContext, started, stopped, gain };
}

const clip = (bytes: Uint8Array, nextOffset: number | null = null, byteLength = bytes.length): SpeechSayResult => ({
  ok: true,
  clip: { clipId: 'clip-0001', engine: 'espeak-ng', sampleRate: 22050, durationMs: 1000, byteLength, source: 'synthesized', data: Buffer.from(bytes).toString('base64'), nextOffset },
});

function fakeApi(answer: (params: { text: string }) => Promise<SpeechSayResult> | SpeechSayResult, parts: Record<number, Uint8Array> = {}) {
  const calls: string[] = [];
  const api: Pick<KioskApi, 'call'> = {
    call: (async (method: string, params: { text: string; offset: number }) => {
      calls.push(method);
      if (method === 'speech.say') return answer(params);
      const part = parts[params.offset]!;
      const next = Object.keys(parts).map(Number).find((offset) => offset > params.offset) ?? null;
      return { data: Buffer.from(part).toString('base64'), nextOffset: next };
    }) as KioskApi['call'],
  };
  return { api, calls };
}

describe('voice player', () => {
  it('plays the clip the core sends and reports how long it took', async () => {
    const audio = fakeAudio();
    let time = 0;
    const { api } = fakeApi(() => ((time += 40), clip(new Uint8Array(100))));
    const player = new VoicePlayer({ api, createContext: () => audio.context, now: () => time });
    expect(await player.say('请选择您要办理的业务', 'zh-CN', { prompt: 'home.voice' })).toBe('started');
    expect(audio.started).toEqual([{ bytes: 100 }]);
    expect(player.speaking.value).toBe(true);
    expect(player.stats).toMatchObject({ requested: 1, started: 1, lastPrompt: 'home.voice', lastLatencyMs: 40, lastSource: 'synthesized' });
  });

  it('joins a clip sent in parts', async () => {
    const audio = fakeAudio();
    const { api, calls } = fakeApi(() => clip(new Uint8Array(10).fill(1), 10, 25), { 10: new Uint8Array(10).fill(2), 20: new Uint8Array(5).fill(3) });
    const player = new VoicePlayer({ api, createContext: () => audio.context });
    expect(await player.say('长文本', 'zh-CN')).toBe('started');
    expect(calls).toEqual(['speech.say', 'speech.clip', 'speech.clip']);
    expect(audio.started).toEqual([{ bytes: 25 }]);
  });

  it('drops an answer that arrives after a newer request, and stops the clip that was playing', async () => {
    const audio = fakeAudio();
    let releaseFirst = () => {};
    const { api } = fakeApi(({ text }) =>
      text === 'first' ? new Promise<SpeechSayResult>((resolve) => (releaseFirst = () => resolve(clip(new Uint8Array(7))))) : clip(new Uint8Array(9)),
    );
    const player = new VoicePlayer({ api, createContext: () => audio.context });
    await player.say('zero', 'en');
    const first = player.say('first', 'en');
    const second = player.say('second', 'en');
    expect(await second).toBe('started');
    releaseFirst();
    expect(await first).toBe('replaced');
    expect(audio.started.map((s) => s.bytes)).toEqual([9, 9]);
    expect(audio.stopped.length).toBeGreaterThanOrEqual(1);
    player.stop();
    expect(player.speaking.value).toBe(false);
  });

  it('has three volume steps', () => {
    const audio = fakeAudio();
    const player = new VoicePlayer({ api: fakeApi(() => clip(new Uint8Array(1))).api, createContext: () => audio.context });
    player.unlock();
    expect(audio.gain.gain.value).toBe(VOLUME_GAIN[2]);
    player.setVolume(3);
    expect(audio.gain.gain.value).toBe(1);
    player.setVolume(1);
    expect(audio.gain.gain.value).toBeLessThan(VOLUME_GAIN[2]);
  });

  it('uses the platform voice only when the core allows it, and repeats the last text', async () => {
    const spoken: string[] = [];
    const platform: PlatformVoice = { speak: (text) => (spoken.push(text), true), cancel() {} };
    let allow = true;
    const { api } = fakeApi(() => ({ ok: false, reason: 'silent', message: 'none', platformFallback: allow }));
    const player = new VoicePlayer({ api, createContext: () => undefined, platform });
    expect(await player.say('你好', 'zh-CN')).toBe('platform');
    allow = false;
    expect(await player.repeat()).toBe('silent');
    expect(spoken).toEqual(['你好']);
  });

  it('stays quiet without Web Audio or when the core fails', async () => {
    const player = new VoicePlayer({ api: fakeApi(() => clip(new Uint8Array(4))).api, createContext: () => undefined });
    expect(await player.say('你好', 'zh-CN')).toBe('noAudio');
    const broken = new VoicePlayer({ api: { call: () => Promise.reject(new Error('unavailable')) } as Pick<KioskApi, 'call'> });
    expect(await broken.say('你好', 'zh-CN')).toBe('failed');
  });
});
