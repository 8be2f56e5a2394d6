import { createRouter, createWebHashHistory, type Router } from 'vue-router';
import AttractView from '../views/AttractView.vue';
import HomeView from '../views/HomeView.vue';
import ServiceUnavailableView from '../views/ServiceUnavailableView.vue';
import { SERVICE_SCREENS } from '../screens/registry';
import { useKioskStore } from '../stores/kiosk';
import { useSessionStore } from '../stores/session';
import { stopSpeaking } from '../composables/voice';

declare module 'vue-router' {
  interface RouteMeta {
    /** Entering this route ends the resident's session and wipes every store of personal data. */
    wipesPersonalData?: boolean;
    /** Idle time-out applies on this route (not on the attract screen, which is already the rest state). */
    idleWatch?: boolean;
  }
}

export function createKioskRouter(): Router {
  const router = createRouter({
    // Hash history: works the same from the Electron custom protocol and the web host.
    history: createWebHashHistory(),
    routes: [
      { path: '/', redirect: { name: 'attract' } },
      { path: '/attract', name: 'attract', component: AttractView, meta: { wipesPersonalData: true } },
      { path: '/home', name: 'home', component: HomeView, meta: { wipesPersonalData: true, idleWatch: true } },
      // Service routes are named after the service id: HomeView opens them by that name.
      ...SERVICE_SCREENS.map(({ service, path, component }) => ({ path, name: service, component, meta: { idleWatch: true } })),
      { path: '/unavailable/:service', name: 'unavailable', component: ServiceUnavailableView, props: true, meta: { idleWatch: true } },
      { path: '/:pathMatch(.*)*', redirect: { name: 'home' } },
    ],
  });
  router.beforeEach(async (to) => {
    if (to.meta.wipesPersonalData) await useSessionStore().end(to.name === 'attract' ? 'idle' : 'home');
    if (to.name === 'attract') useKioskStore().resetForNextResident();
  });
  // A screen that is gone stops talking; the next one starts its own prompt when it appears.
  router.afterEach((to, from) => {
    if (to.fullPath !== from.fullPath) stopSpeaking();
  });
  return router;
}
