import { Duration } from 'aws-cdk-lib';
import { UserPoolOperation, type UserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { handlerPath, type LoadedManifest } from '#shared/manifest/registry.ts';
import type { UserPoolTrigger } from '#shared/manifest/types.ts';
import type { PlatformResources } from './access.ts';
import { PetProFunction, type FunctionDefaults } from './function.ts';

/** Every trigger a manifest may name -> the Cognito operation (exhaustive over the type). */
export const TRIGGER_OPERATIONS: Record<UserPoolTrigger, UserPoolOperation> = {
  DefineAuthChallenge: UserPoolOperation.DEFINE_AUTH_CHALLENGE,
  CreateAuthChallenge: UserPoolOperation.CREATE_AUTH_CHALLENGE,
  VerifyAuthChallengeResponse: UserPoolOperation.VERIFY_AUTH_CHALLENGE_RESPONSE,
};

export interface UserPoolTriggersProps {
  manifests: readonly LoadedManifest[];
  userPool: UserPool;
  /** Without the pool: a trigger cannot reference the pool that references it. */
  resources: Omit<PlatformResources, 'userPool' | 'userPoolClient' | 'apiBaseUrl'>;
  defaults: FunctionDefaults;
}

/**
 * The `userPoolTriggers` of every manifest, as functions attached to the pool.
 *
 * Why here, in the stateful stack: Cognito keeps trigger ARNs on the user pool resource
 * itself, so a trigger function in the API stack would make the data stack depend on the API
 * stack while the API stack already depends on the data stack (a cycle); next to the pool the
 * references stay inside one stack. The functions are built exactly like every other handler
 * (PetProFunction: same bundling, runtime and access-derived IAM).
 */
export class UserPoolTriggers extends Construct {
  readonly functions: Record<string, IFunction> = {};

  constructor(scope: Construct, id: string, props: UserPoolTriggersProps) {
    super(scope, id);
    const seen = new Map<UserPoolTrigger, string>();
    for (const loaded of props.manifests) {
      const { domain, userPoolTriggers = {} } = loaded.manifest;
      for (const [name, spec] of Object.entries(userPoolTriggers)) {
        const previous = seen.get(spec.trigger);
        if (previous)
          throw new Error(`Cognito trigger ${spec.trigger} is declared twice: ${previous} and ${domain}.${name}`);
        seen.set(spec.trigger, `${domain}.${name}`);

        const fn = new PetProFunction(this, `${domain}-${name}`, {
          entry: handlerPath(loaded, spec.handler),
          service: domain,
          description: `${domain} ${name}: Cognito ${spec.trigger} trigger. ${spec.description}`,
          access: spec.access,
          resources: props.resources,
          defaults: props.defaults,
          // Cognito waits at most 5 seconds for a trigger.
          timeout: Duration.seconds(5),
        });
        props.userPool.addTrigger(TRIGGER_OPERATIONS[spec.trigger], fn.function);
        this.functions[`${domain}.${name}`] = fn.function;
      }
    }
  }
}
