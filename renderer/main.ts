import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createClientForPage } from './api/client';
import { installApi } from './api/current';
import { createKioskI18n } from './i18n';
import { createKioskRouter } from './router';
import { SERVICE_SCREENS } from './screens/registry';
import { useDeviceHealthStore } from './stores/devices';
import { useKioskStore } from './stores/kiosk';
import { useVoiceStore } from './stores/voice';
import './styles/base.css';

installApi(createClientForPage());

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(createKioskI18n());
app.use(createKioskRouter());

const kiosk = useKioskStore();
kiosk.connect();
useDeviceHealthStore().connect();
useVoiceStore().connect();

// Block the browser's own gestures that a kiosk must not offer (context menu, pinch zoom, drag).
window.addEventListener('contextmenu', (event) => event.preventDefault());
window.addEventListener('dragstart', (event) => event.preventDefault());

app.mount('#app');

// Service screens are separate chunks so home loads little; fetch them once the kiosk is idle, so
// the first tap on a tile does not wait for them.
const warm = () => {
  for (const { component } of SERVICE_SCREENS) if (typeof component === 'function') void (component as () => Promise<unknown>)();
};
if ('requestIdleCallback' in window) window.requestIdleCallback(warm, { timeout: 3000 });
else setTimeout(warm, 1000);
