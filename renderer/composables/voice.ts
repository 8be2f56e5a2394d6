/**
 * Voice guidance for screens: the text is spoken by the core's speech engine and played here with
 * Web Audio (see voice/player.ts). `speak()` keeps the old call shape; a fixed prompt should pass
 * its catalogue key so the core can keep the rendered audio on disk.
 */
import { watch, type Ref } from 'vue';
import type { Locale } from '../../contract/api';
import { useApi } from '../api/current';
import { useKioskStore } from '../stores/kiosk';
import { browserPlatformVoice, VoicePlayer, type PlayerStats, type SayOptions, type SayOutcome } from '../voice/player';

let player: VoicePlayer | undefined;

function usePlayer(): VoicePlayer {
  if (player) return player;
  // The API is looked up per call: it is installed once per page, but tests install a new one each.
  const created = new VoicePlayer({ api: { call: (method, params) => useApi().call(method, params) }, platform: browserPlatformVoice });
  player = created;
  const kiosk = useKioskStore();
  watch(() => kiosk.volumeStep, (step) => created.setVolume(step), { immediate: true });
  watch(() => kiosk.voiceEnabled, (enabled) => enabled || created.stop());
  if (typeof window !== 'undefined') {
    // Autoplay policy: the audio context may start only after a touch; the first one unlocks it.
    const unlock = () => created.unlock();
    window.addEventListener('pointerdown', unlock, { capture: true, passive: true });
    window.addEventListener('keydown', unlock, { capture: true });
    installDevelopmentProbe(created);
  }
  return created;
}

/** Development mode only: the figures e2e tests and `npm run bench:voice` read (no spoken text). */
function installDevelopmentProbe(target: VoicePlayer): void {
  const kiosk = useKioskStore();
  watch(
    () => kiosk.info?.mode,
    (mode) => {
      const host = window as unknown as { __kioskVoice?: { stats: () => PlayerStats; say: (text: string, locale: Locale) => Promise<SayOutcome> } };
      if (mode === 'development') host.__kioskVoice = { stats: () => ({ ...target.stats }), say: (text, locale) => target.say(text, locale) };
      else delete host.__kioskVoice;
    },
    { immediate: true },
  );
}

/** Speaks `text` unless voice is off; stops whatever was being said. Never throws. */
export function speak(text: string, locale: Locale, enabled: boolean, options: SayOptions = {}): void {
  if (!enabled || text.trim().length === 0) return;
  // Elderly mode speaks more slowly.
  const rate = options.rate ?? (useKioskStore().elderly ? 0.8 : undefined);
  void usePlayer().say(text, locale, { ...options, ...(rate !== undefined ? { rate } : {}) });
}

export function stopSpeaking(): void {
  player?.stop();
}

/** For a "read aloud" button and a speaking indicator. */
export function useVoice(): { speaking: Ref<boolean>; repeat: () => void; stop: () => void } {
  const current = usePlayer();
  return { speaking: current.speaking, repeat: () => void current.repeat(), stop: () => current.stop() };
}
