// Metro's transform cache does not key on the EXPO_PUBLIC_* values Expo inlines at build time: a build
// for one API URL would otherwise reuse modules built for another. They become part of the cache key.
const { getDefaultConfig } = require('expo/metro-config');

const config = getDefaultConfig(__dirname);
config.cacheVersion = Object.entries(process.env)
  .filter(([name]) => name.startsWith('EXPO_PUBLIC_'))
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([name, value]) => `${name}=${value}`)
  .join('&');

module.exports = config;
