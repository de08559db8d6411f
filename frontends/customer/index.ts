import { registerRootComponent } from 'expo';
import { App } from './src/App';
import { registerServiceWorker } from './src/platform/service-worker';

// registerRootComponent calls AppRegistry.registerComponent('main', () => App) and, on the web,
// mounts it into the page's root element.
registerRootComponent(App);
registerServiceWorker();
