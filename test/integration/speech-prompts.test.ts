/**
 * Every fixed voice prompt of the UI, in both languages, spoken by the always-available engine
 * (espeak-ng) through the real speech service: the WAV decodes (with wavefile, not our own code),
 * is not silent, and lasts about as long as its text should take to say.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import wavefile from 'wavefile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { voicePromptCatalogue } from '../../renderer/voice/prompts';
import { SpeechConfig } from '../../services/config/schema';
import { createLogger } from '../../services/log/logger';
import { plausibleDurationMs, SILENCE_RMS } from '../../services/speech/audio-check';
import { speakable } from '../../services/speech/normalize';
import { createSpeechService, type SpeechService } from '../../services/speech/speech-service';

const prompts = voicePromptCatalogue();
const config = SpeechConfig.parse({ engines: ['espeak-ng'] });

describe('every voice prompt, in both languages, with the fallback engine', () => {
  let dataDir: string;
  let speech: SpeechService;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'speech-prompts-'));
    speech = createSpeechService({ config, dataDir, log: createLogger({ level: 'error' }) });
    expect((await speech.whenChecked()).level).toBe('ok');
  }, 60_000);
  afterAll(async () => {
    await speech?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has prompts for both languages, key for key', () => {
    const keys = (locale: string) => prompts.filter((prompt) => prompt.locale === locale).map((prompt) => prompt.key).sort();
    expect(keys('zh-CN').length).toBeGreaterThanOrEqual(15);
    expect(keys('en')).toEqual(keys('zh-CN'));
    expect(keys('zh-CN')).toContain('home.voice');
  });

  it.each(prompts.map((prompt) => [prompt.locale, prompt.key, prompt.text] as const))('%s %s', async (locale, key, text) => {
    const said = await speech.say({ text, locale, prompt: key });
    if (!said.ok) throw new Error(said.message);
    expect(said.clip.nextOffset).toBeNull(); // one message is enough for a prompt
    const file = new wavefile.WaveFile(Buffer.from(said.clip.data, 'base64'));
    const samples = file.getSamples(false, Int16Array) as unknown as Int16Array;
    const sampleRate = (file.fmt as { sampleRate: number }).sampleRate;
    let sum = 0;
    for (const sample of samples) sum += (sample / 32768) ** 2;
    expect(Math.sqrt(sum / samples.length)).toBeGreaterThan(SILENCE_RMS * 4);
    const durationMs = (samples.length / sampleRate) * 1000;
    const { min, max } = plausibleDurationMs(speakable(text, locale), locale, config.rate);
    expect(durationMs).toBeGreaterThan(min);
    expect(durationMs).toBeLessThan(max);
  });
});
