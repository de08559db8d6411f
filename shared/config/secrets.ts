import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { requireEnv, type EnvName } from './env.ts';

const SECRET_CACHE_MS = 5 * 60_000;

/**
 * A JSON secret named by an environment variable, read at most once per five minutes (a rotated
 * key is picked up without a deploy). `check` names what is missing, so a placeholder the operator
 * has not filled in fails loudly.
 */
export function jsonSecret<T>(
  envName: EnvName,
  check: (value: Partial<T>) => string | undefined,
  client?: SecretsManagerClient,
): () => Promise<T> {
  let cached: { value: T; until: number } | undefined;
  let secrets = client;
  return async () => {
    if (cached && cached.until > Date.now()) return cached.value;
    secrets ??= new SecretsManagerClient({});
    const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: requireEnv(envName) }));
    const value = JSON.parse(SecretString ?? '{}') as Partial<T>;
    const problem = check(value);
    if (problem) throw new Error(`secret ${requireEnv(envName)}: ${problem}`);
    cached = { value: value as T, until: Date.now() + SECRET_CACHE_MS };
    return cached.value;
  };
}
