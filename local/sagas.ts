import { readFileSync } from 'node:fs';
import type { LoadedManifest } from '#shared/manifest/registry.ts';
import { assertValidSagas, sagaDefinitionPath, splitRef } from '#shared/manifest/sagas.ts';
import { sagaArnEnv, sagaStateMachineName } from '#shared/manifest/types.ts';
import type { LocalStepFunctions } from './step-functions.ts';

/** Local state machines are named like a stage's: `petpro-local-<domain>-<saga>`. */
export const LOCAL_STATE_MACHINE_PREFIX = 'petpro-local-';

export interface LocalSagasOptions {
  manifests: readonly LoadedManifest[];
  stepFunctions: Pick<LocalStepFunctions, 'createStateMachine'>;
  /** What a `<domain>.<task>` placeholder becomes (the platform's local function ARN; CDK puts the function's ARN). */
  taskFunctionArn(domain: string, task: string): string;
}

/**
 * Every manifest saga as a state machine on the local Step Functions service, from the same ASL file
 * CDK deploys, its `${Placeholder}`s substituted as CDK's definitionSubstitutions do. Refuses to
 * start on an inconsistent saga (the same check synth makes). Returns, and sets in process.env,
 * `sagaArnEnv(saga)` → the local ARN, so handlers start sagas with @aws-sdk/client-sfn as in AWS.
 */
export function createLocalSagas(options: LocalSagasOptions): Record<string, string> {
  assertValidSagas(options.manifests);
  const env: Record<string, string> = {};
  for (const loaded of options.manifests) {
    const { domain } = loaded.manifest;
    for (const [saga, spec] of Object.entries(loaded.manifest.sagas ?? {})) {
      const arns = new Map(
        Object.entries(spec.tasks).map(([placeholder, ref]) => [
          placeholder,
          options.taskFunctionArn(...splitRef(ref)),
        ]),
      );
      // assertValidSagas guarantees every placeholder is a task.
      const definition = readFileSync(sagaDefinitionPath(loaded, spec), 'utf8').replace(
        /\$\{([^}]*)\}/g,
        (text, placeholder: string) => arns.get(placeholder) ?? text,
      );
      env[sagaArnEnv(`${domain}.${saga}`)] = options.stepFunctions.createStateMachine(
        sagaStateMachineName(LOCAL_STATE_MACHINE_PREFIX, domain, saga),
        definition,
      );
    }
  }
  Object.assign(process.env, env);
  return env;
}
