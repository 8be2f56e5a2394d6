/// <reference types="vite/client" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

/** What the Electron preload exposes (see electron/preload). Absent in web mode. */
interface KioskBridge {
  invoke(request: unknown): Promise<unknown>;
  subscribe(listener: (message: unknown) => void): () => void;
}
interface Window {
  kiosk?: KioskBridge;
}
