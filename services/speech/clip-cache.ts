/**
 * Where rendered speech is kept: fixed prompts on disk (they are not personal data) under
 * <cacheDir>/<engine>/<locale>/<rate>/<sha256 of the spoken text>.wav, everything else only in a
 * small in-memory LRU that forgets personal entries when the resident's session ends. The prompt
 * catalogue the UI sent is kept beside them (prompts.json) so the next start-up can render it ahead
 * of time, before any screen asks.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile, writeFile, rename, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { PromptKey, SpeechLocale } from '../../contract/speech';
import type { CoreEngineId, SpeechAudio } from './types';

export interface ClipKey {
  engine: CoreEngineId;
  locale: SpeechLocale;
  rate: number;
  /** The spoken (normalised) text. */
  text: string;
}

export interface CachedAudio extends SpeechAudio {
  engine: CoreEngineId;
}

function hashOf(key: ClipKey): string {
  return createHash('sha256').update(`${key.engine}\n${key.locale}\n${key.rate.toFixed(2)}\n${key.text}`).digest('hex');
}

/** A WAV header says its sample rate and data length; no need to store them beside it. */
function audioFromWav(wav: Uint8Array, engine: CoreEngineId): CachedAudio | undefined {
  if (wav.length < 44) return undefined;
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const riff = String.fromCharCode(...wav.subarray(0, 4));
  if (riff !== 'RIFF') return undefined;
  const sampleRate = view.getUint32(24, true);
  const dataBytes = view.getUint32(40, true);
  if (sampleRate === 0 || dataBytes + 44 > wav.length) return undefined;
  return { wav, sampleRate, durationMs: Math.round((dataBytes / 2 / sampleRate) * 1000), engine };
}

/** Least-recently-used, bounded by entries and bytes. */
export class MemoryClipCache {
  private readonly entries = new Map<string, { audio: CachedAudio; personal: boolean }>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = 64,
    private readonly maxBytes = 24 * 1024 * 1024,
  ) {}

  get(key: ClipKey): CachedAudio | undefined {
    const hash = hashOf(key);
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    this.entries.delete(hash);
    this.entries.set(hash, entry);
    return entry.audio;
  }

  set(key: ClipKey, audio: CachedAudio, personal: boolean): void {
    const hash = hashOf(key);
    this.delete(hash);
    this.entries.set(hash, { audio, personal });
    this.bytes += audio.wav.length;
    for (const [oldest] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  /** Drops every entry that was not a fixed prompt (the resident's session ended). */
  forgetPersonal(): number {
    let dropped = 0;
    for (const [hash, entry] of this.entries) {
      if (!entry.personal) continue;
      this.delete(hash);
      dropped++;
    }
    return dropped;
  }

  get size(): number {
    return this.entries.size;
  }

  private delete(hash: string): void {
    const entry = this.entries.get(hash);
    if (!entry) return;
    this.bytes -= entry.audio.wav.length;
    this.entries.delete(hash);
  }
}

const Manifest = z.partialRecord(SpeechLocale, z.record(PromptKey, z.string().min(1).max(600)));
export type PromptManifest = z.infer<typeof Manifest>;

export class DiskClipCache {
  constructor(private readonly dir: string) {}

  private pathOf(key: ClipKey): string {
    return join(this.dir, key.engine, key.locale, `r${Math.round(key.rate * 100)}`, `${hashOf(key)}.wav`);
  }

  async get(key: ClipKey): Promise<CachedAudio | undefined> {
    try {
      return audioFromWav(new Uint8Array(await readFile(this.pathOf(key))), key.engine);
    } catch {
      return undefined;
    }
  }

  async has(key: ClipKey): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  /** Atomic (temporary file, then rename): a crash never leaves half a clip to be played later. */
  async set(key: ClipKey, audio: SpeechAudio): Promise<void> {
    const path = this.pathOf(key);
    const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(temporary, audio.wav);
    await rename(temporary, path);
  }

  readManifest(): PromptManifest {
    try {
      const parsed = Manifest.safeParse(JSON.parse(readFileSync(join(this.dir, 'prompts.json'), 'utf8')));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  writeManifest(manifest: PromptManifest): void {
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, 'prompts.json');
    const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temporary, JSON.stringify(manifest));
    renameSync(temporary, path);
  }
}
