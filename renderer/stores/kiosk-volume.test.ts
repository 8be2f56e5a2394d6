import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { installApi } from '../api/current';
import { createFakeApi, testInfo } from '../test/fake-api';
import { useKioskStore } from './kiosk';

describe('voice volume in the kiosk store', () => {
  it("starts at the post's default and goes back to it for the next resident", async () => {
    setActivePinia(createPinia());
    installApi(createFakeApi({ ...testInfo, voice: { defaultVolumeStep: 3 } }));
    const kiosk = useKioskStore();
    kiosk.connect();
    await flushPromises();
    expect(kiosk.volumeStep).toBe(3);
    kiosk.setVolumeStep(1);
    expect(kiosk.volumeStep).toBe(1);
    kiosk.resetForNextResident();
    expect(kiosk.volumeStep).toBe(3);
  });
});
