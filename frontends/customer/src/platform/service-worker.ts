/** iOS and Android keep the app on the device: nothing to register (the web build's is service-worker.web.ts). */
export function registerServiceWorker(): void {}
