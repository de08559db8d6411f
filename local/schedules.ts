import { handlerPath, type LoadedManifest } from '#shared/manifest/registry.ts';
import { invoke } from './lambda.ts';

const UNIT_MS: Record<string, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** `rate(5 minutes)` → 300000; cron expressions are not run locally (undefined). */
export function rateMs(expression: string): number | undefined {
  const match = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  return match ? Number(match[1]) * UNIT_MS[match[2]!]! : undefined;
}

/**
 * The manifests' schedules on this machine: the `afterDeploy` ones run once now (a fresh local
 * platform is a fresh deployment), then every schedule runs on its rate, as EventBridge would.
 */
export async function startSchedules(options: {
  manifests: LoadedManifest[];
  log: (line: string) => void;
}): Promise<{ stop(): Promise<void> }> {
  const timers: NodeJS.Timeout[] = [];
  for (const loaded of options.manifests) {
    for (const [name, spec] of Object.entries(loaded.manifest.schedules ?? {})) {
      const file = handlerPath(loaded, spec.handler);
      const functionName = `${loaded.manifest.domain}-${name}`;
      const run = () =>
        invoke(file, { 'source': 'aws.events', 'detail-type': 'Scheduled Event', 'detail': {} }, functionName).catch(
          (error: unknown) => options.log(`[schedule] ${functionName} failed: ${String(error)}`),
        );
      if (spec.afterDeploy) await run();
      const every = rateMs(spec.schedule);
      if (every !== undefined) {
        const timer = setInterval(() => void run(), every);
        timer.unref();
        timers.push(timer);
      }
    }
  }
  return {
    async stop() {
      for (const timer of timers) clearInterval(timer);
    },
  };
}
