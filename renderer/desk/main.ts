import { createPinia } from 'pinia';
import { createApp } from 'vue';
import DeskApp from './DeskApp.vue';
import { unlockSound, useDeskStore } from './desk-store';
import { createDeskI18n } from './i18n';
import './desk.css';

const app = createApp(DeskApp);
app.use(createPinia());
app.use(createDeskI18n());
useDeskStore().connect();
window.addEventListener('pointerdown', unlockSound, { capture: true });
window.addEventListener('keydown', unlockSound, { capture: true });
window.addEventListener('pagehide', () => useDeskStore().disconnect());
app.mount('#desk');
