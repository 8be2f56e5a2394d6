/** Kiosk-wide, non-personal state: configuration the core reports, core availability, language, voice. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { KioskInfo, Locale } from '../../contract/api';
import type { VolumeStep } from '../../contract/speech';
import { useApi } from '../api/current';

export const useKioskStore = defineStore('kiosk', () => {
  const info = ref<KioskInfo | null>(null);
  const available = ref(false);
  const locale = ref<Locale>('zh-CN');
  const voiceEnabled = ref(true);
  /** Voice volume, 1 quiet to 3 loud; each resident starts at the post's default. */
  const volumeStep = ref<VolumeStep>(2);
  const defaultVolumeStep = (): VolumeStep => info.value?.voice?.defaultVolumeStep ?? 2;

  async function refresh(): Promise<void> {
    const first = info.value === null;
    info.value = await useApi().call('kiosk.info', {});
    if (first) {
      locale.value = info.value.defaultLocale;
      volumeStep.value = defaultVolumeStep();
    }
  }

  /** The next resident starts in the post's default language, not the last resident's choice. */
  function resetForNextResident(): void {
    locale.value = info.value?.defaultLocale ?? 'zh-CN';
    volumeStep.value = defaultVolumeStep();
  }

  /** Follows core availability and reloads what the core knows whenever it comes back. */
  function connect(): void {
    const api = useApi();
    available.value = api.available;
    api.onAvailability((now) => {
      available.value = now;
      if (now) void refresh().catch(() => {});
    });
    if (api.available) void refresh().catch(() => {});
  }

  function setLocale(next: Locale): void {
    locale.value = next;
  }

  function setVolumeStep(step: VolumeStep): void {
    volumeStep.value = step;
  }

  return { info, available, locale, voiceEnabled, volumeStep, refresh, connect, setLocale, setVolumeStep, resetForNextResident };
});
