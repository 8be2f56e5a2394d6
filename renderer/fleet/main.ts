import { createPinia } from 'pinia';
import { createApp } from 'vue';
import FleetConsole from './FleetConsole.vue';
import { createFleetI18n } from './i18n';
import './fleet.css';

const locale = new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'zh-CN';
createApp(FleetConsole).use(createPinia()).use(createFleetI18n(locale)).mount('#app');
