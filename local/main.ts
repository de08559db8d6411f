import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '#shared/manifest/registry.ts';
import { startPlatform } from './platform.ts';
import { seedDemoData } from './seed.ts';

/**
 * `npm run dev`: the whole platform on this machine. Data persists in .local/ (git-ignored);
 * `npm run dev -- --reset` (or `npm run dev:reset`) starts from scratch.
 */
const dataDir = process.env.PETPRO_DATA_DIR ?? join(REPO_ROOT, '.local');
const port = Number(process.env.PORT ?? 3000);

if (process.argv.includes('--reset')) {
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`reset: removed ${dataDir}`);
}

console.log('Starting PetPro locally…');
const platform = await startPlatform({ dataDir, port }).catch((error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') console.error(`Port ${port} is in use. Start on another one: PORT=3001 npm run dev`);
  else console.error(`PetPro could not start: ${error.stack ?? String(error)}`);
  process.exit(1);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await platform.stop();
  console.log('stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  platform.accounts = await seedDemoData({ apiUrl: platform.url, accountsFile: join(dataDir, 'accounts.json'), userPoolId: platform.userPoolId, log: console.log });
  // Seeding's events (search indexing among them) have arrived before we say "running".
  await platform.eventsIdle(120_000);
} catch (error) {
  console.error(`seeding failed: ${String(error)}`);
  await platform.stop();
  process.exit(1);
}

console.log(`
PetPro is running.
  API            ${platform.url}/v1/health
  API reference  ${platform.url}/docs   (OpenAPI: ${platform.url}/v1/openapi.json)
  Messages sent  ${platform.url}/dev/outbox   (verification codes are here)
  Demo accounts  ${platform.url}/dev/accounts
  Dead letters   ${platform.url}/dev/dead-letters
  Pay sandbox    ${platform.url}/sandbox/pay   (Midtrans/Xendit stand-in: Pay / Fail / Expire)
  Shipments      ${platform.url}/dev/shipping   (Biteship stand-in; POST /dev/shipping/{waybill}/advance moves tracking on)
  Data folder    ${dataDir}

Demo logins:
${platform.accounts.map((a) => `  ${a.username.padEnd(26)} ${a.password.padEnd(16)} ${a.roles.join(', ')}`).join('\n')}

Ctrl-C stops everything.`);
