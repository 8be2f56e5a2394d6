import { createRouter, createWebHashHistory, type Router } from 'vue-router';
import AttractView from '../views/AttractView.vue';
import HomeView from '../views/HomeView.vue';
import ServiceUnavailableView from '../views/ServiceUnavailableView.vue';
import { SERVICE_SCREENS } from '../screens/registry';
import { useStaffStore } from '../stores/staff';
import { useKioskStore } from '../stores/kiosk';
import { useSessionStore } from '../stores/session';
import { stopSpeaking } from '../composables/voice';

declare module 'vue-router' {
  interface RouteMeta {
    /** Entering this route ends the resident's session and wipes every store of personal data. */
    wipesPersonalData?: boolean;
    /** Idle time-out applies on this route (not on the attract screen, which is already the rest state). */
    idleWatch?: boolean;
    /** A staff console screen: who may open it (`signIn`: anyone; `any`: any signed-in staff member). */
    staff?: 'signIn' | 'any' | 'officer' | 'technician';
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
      // A police notice opened from the attract screen (public information: no session, nothing to wipe).
      { path: '/notice/:noticeId', name: 'notice', component: () => import('../views/NoticeDetailView.vue'), props: true, meta: { idleWatch: true } },
      // Service routes are named after the service id: HomeView opens them by that name.
      ...SERVICE_SCREENS.map(({ service, path, component }) => ({ path, name: service, component, meta: { idleWatch: true } })),
      { path: '/unavailable/:service', name: 'unavailable', component: ServiceUnavailableView, props: true, meta: { idleWatch: true } },
      // The staff console: never watched by the resident idle time-out (its own staff session ends after 2 minutes without a touch).
      { path: '/staff/sign-in', name: 'staffSignIn', component: () => import('../views/staff/StaffSignInView.vue'), meta: { wipesPersonalData: true, staff: 'signIn' } },
      { path: '/staff', name: 'staffBoard', component: () => import('../views/staff/StaffBoardView.vue'), meta: { wipesPersonalData: true, staff: 'any' } },
      { path: '/staff/devices', name: 'staffDevices', component: () => import('../views/staff/StaffDevicesView.vue'), meta: { wipesPersonalData: true, staff: 'technician' } },
      { path: '/staff/tickets', name: 'staffTickets', component: () => import('../views/staff/StaffTicketsView.vue'), meta: { wipesPersonalData: true, staff: 'officer' } },
      { path: '/staff/reprint', name: 'staffReprint', component: () => import('../views/staff/StaffReprintView.vue'), meta: { wipesPersonalData: true, staff: 'officer' } },
      { path: '/staff/reconciliation', name: 'staffReconciliation', component: () => import('../views/staff/StaffReconciliationView.vue'), meta: { wipesPersonalData: true, staff: 'officer' } },
      { path: '/:pathMatch(.*)*', redirect: { name: 'home' } },
    ],
  });
  router.beforeEach(async (to) => {
    if (to.meta.wipesPersonalData) await useSessionStore().end(to.name === 'attract' ? 'idle' : 'home');
    // A resident screen returning ends the staff session; staff screens need one, with the right role.
    const staff = useStaffStore();
    if (!to.meta.staff && (staff.session || staff.signIn)) await staff.signOut();
    if (to.meta.staff && to.meta.staff !== 'signIn') {
      if (!staff.session) return { name: 'staffSignIn' };
      if (to.meta.staff !== 'any' && staff.session.role !== to.meta.staff) return { name: 'staffBoard' };
    }
    if (to.name === 'attract') useKioskStore().resetForNextResident();
  });
  // A screen that is gone stops talking; the next one starts its own prompt when it appears.
  router.afterEach((to, from) => {
    if (to.fullPath !== from.fullPath) stopSpeaking();
  });
  return router;
}
