/** Kiosk-wide, non-personal state: configuration the core reports, which services run now, core availability, language, voice. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { KioskInfo, Locale, ServiceAvailability } from '../../contract/api';
import { DEFAULT_TIME_ZONE } from '../../contract/clock';
import type { VolumeStep } from '../../contract/speech';
import { useApi } from '../api/current';

export const useKioskStore = defineStore('kiosk', () => {
  const info = ref<KioskInfo | null>(null);
  /** Which services can be started now (paused ones carry the reason); follows `services.changed`. */
  const services = ref<ServiceAvailability[]>([]);
  const available = ref(false);
  const locale = ref<Locale>('zh-CN');
  const voiceEnabled = ref(true);
  /** Elderly mode (长辈模式): larger type and targets, highest contrast, slower speech, longer time-outs. */
  const elderly = ref(false);
  const timeZone = computed(() => info.value?.timeZone ?? DEFAULT_TIME_ZONE);
  /** Voice volume, 1 quiet to 3 loud; each resident starts at the post's default. */
  const volumeStep = ref<VolumeStep>(2);
  const defaultVolumeStep = (): VolumeStep => info.value?.voice?.defaultVolumeStep ?? 2;

  async function refresh(): Promise<void> {
    const first = info.value === null;
    info.value = await useApi().call('kiosk.info', {});
    services.value = info.value.services;
    if (first) {
      locale.value = info.value.defaultLocale;
      volumeStep.value = defaultVolumeStep();
    }
  }

  /** The next resident starts in the post's default language, not the last resident's choice. */
  function resetForNextResident(): void {
    locale.value = info.value?.defaultLocale ?? 'zh-CN';
    volumeStep.value = defaultVolumeStep();
    elderly.value = false;
  }

  /** Follows core availability and reloads what the core knows whenever it comes back. */
  function connect(): void {
    const api = useApi();
    available.value = api.available;
    api.on('services.changed', (next) => (services.value = next));
    api.onAvailability((now) => {
      available.value = now;
      if (now) void refresh().catch(() => {});
    });
    if (api.available) void refresh().catch(() => {});
  }

  function setLocale(next: Locale): void {
    locale.value = next;
  }

  function service(id: ServiceAvailability['id']): ServiceAvailability | undefined {
    return services.value.find((entry) => entry.id === id);
  }

  function setVolumeStep(step: VolumeStep): void {
    volumeStep.value = step;
  }

  function setElderly(on: boolean): void {
    elderly.value = on;
  }

  return { info, services, available, locale, voiceEnabled, elderly, timeZone, volumeStep, refresh, connect, setLocale, setVolumeStep, setElderly, resetForNextResident, service };
});
