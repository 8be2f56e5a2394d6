/**
 * Watches Web Audio from inside the page, independently of the kiosk's own player: every
 * AudioBufferSourceNode that starts or stops is recorded with its buffer's length and loudness and
 * the audio context's state. Installed before the page's scripts run (then the page is reloaded).
 */
import type { Page } from 'playwright-core';

export interface SourceStart {
  at: number;
  durationS: number;
  sampleRate: number;
  rms: number;
  contextState: string;
}

export async function installAudioProbe(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const record = { starts: [] as SourceStart[], stops: 0 };
    (window as unknown as { __audioProbe: typeof record }).__audioProbe = record;
    const start = AudioBufferSourceNode.prototype.start;
    const stop = AudioBufferSourceNode.prototype.stop;
    AudioBufferSourceNode.prototype.start = function (this: AudioBufferSourceNode, ...args: Parameters<typeof start>) {
      const samples = this.buffer?.getChannelData(0) ?? new Float32Array(0);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      record.starts.push({
        at: performance.now(),
        durationS: this.buffer?.duration ?? 0,
        sampleRate: this.buffer?.sampleRate ?? 0,
        rms: samples.length ? Math.sqrt(sum / samples.length) : 0,
        contextState: this.context.state,
      });
      return start.apply(this, args);
    };
    AudioBufferSourceNode.prototype.stop = function (this: AudioBufferSourceNode, ...args: Parameters<typeof stop>) {
      record.stops++;
      return stop.apply(this, args);
    };
  });
  await page.reload();
}

export function audioStarts(page: Page): Promise<{ starts: SourceStart[]; stops: number }> {
  return page.evaluate(() => (window as unknown as { __audioProbe: { starts: SourceStart[]; stops: number } }).__audioProbe);
}
