/**
 * The local user pool, app client and groups, created on the first start and brought back in
 * line with this file on every later one (ids, users and group members are kept).
 */
import { randomInt } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GROUPS, GROUP_DESCRIPTIONS } from '#shared/auth/groups.ts';
import { cognitoLocal, type AppClient, type CognitoService, type Ctx, type UserPoolOptions } from './internals.ts';
import { CLIENT_NAME, POOL_NAME } from './protocol.ts';
import { userPoolSettings } from '#shared/auth/user-pool.ts';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export function issuerDomain(region: string): string {
  return `https://cognito-idp.${region}.amazonaws.com`;
}

/** `<dir>/config.json` gets the AWS issuer domain, so tokens carry AWS's `iss`; other keys stay. */
export async function writeConfig(configDir: string, region: string): Promise<void> {
  await mkdir(join(configDir, 'db'), { recursive: true });
  const file = join(configDir, 'config.json');
  let config: Record<string, unknown> = {};
  try {
    config = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const tokenConfig = (config.TokenConfig ?? {}) as Record<string, unknown>;
  config.TokenConfig = { ...tokenConfig, IssuerDomain: issuerDomain(region) };
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`);
}

function schemaAttributes(): Record<string, unknown>[] {
  return [
    ...cognitoLocal.cognitoService.USER_POOL_AWS_DEFAULTS.SchemaAttributes,
    {
      Name: `custom:${userPoolSettings.localeAttribute.name}`,
      AttributeDataType: 'String',
      DeveloperOnlyAttribute: false,
      Mutable: true,
      Required: false,
      StringAttributeConstraints: {
        MinLength: String(userPoolSettings.localeAttribute.minLength),
        MaxLength: String(userPoolSettings.localeAttribute.maxLength),
      },
    },
  ];
}

function poolOptions(id: string, region: string, existing: UserPoolOptions | undefined, now: Date): UserPoolOptions {
  return {
    ...cognitoLocal.cognitoService.USER_POOL_AWS_DEFAULTS,
    ...existing,
    Id: id,
    Name: POOL_NAME,
    Arn: `arn:aws:cognito-idp:${region}:000000000000:userpool/${id}`,
    UsernameAttributes: [...userPoolSettings.usernameAttributes],
    UsernameConfiguration: { CaseSensitive: false },
    SchemaAttributes: schemaAttributes(),
    MfaConfiguration: 'OFF',
    CreationDate: existing?.CreationDate ?? now,
    LastModifiedDate: now,
  };
}

function clientSettings(): Partial<AppClient> {
  return {
    ClientName: CLIENT_NAME,
    ExplicitAuthFlows: userPoolSettings.authFlows.map((flow) => `ALLOW_${flow}`),
    EnableTokenRevocation: true,
    PreventUserExistenceErrors: 'ENABLED',
    SupportedIdentityProviders: ['COGNITO'],
    AccessTokenValidity: userPoolSettings.accessTokenMinutes,
    IdTokenValidity: userPoolSettings.idTokenMinutes,
    RefreshTokenValidity: userPoolSettings.refreshTokenDays,
    TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
  };
}

export async function provision(
  ctx: Ctx,
  cognito: CognitoService,
  region: string,
  now: Date,
): Promise<{ userPoolId: string; clientId: string }> {
  const idPattern = new RegExp(`^${region}_[A-Za-z0-9]{9,}$`);
  const existing = (await cognito.listUserPools(ctx)).find(
    (pool) => pool.Name === POOL_NAME && idPattern.test(pool.Id),
  );
  const userPoolId = existing?.Id ?? `${region}_${randomString(ALPHANUMERIC, 9)}`;
  if (!existing) await cognito.createUserPool(ctx, poolOptions(userPoolId, region, undefined, now));
  const pool = await cognito.getUserPool(ctx, userPoolId);
  await pool.updateOptions(ctx, poolOptions(userPoolId, region, pool.options, now));

  const client = (await cognito.listAppClients(ctx, userPoolId)).find((c) => c.ClientName === CLIENT_NAME);
  const clientId = client?.ClientId ?? randomString(LOWER_ALPHANUMERIC, 26);
  await pool.saveAppClient(ctx, {
    ...client,
    ...clientSettings(),
    ClientId: clientId,
    ClientName: CLIENT_NAME,
    UserPoolId: userPoolId,
    CreationDate: client?.CreationDate ?? now,
    LastModifiedDate: now,
  });

  const groups = await pool.listGroups(ctx);
  for (const name of GROUPS) {
    const group = groups.find((g) => g.GroupName === name);
    if (group?.Description === GROUP_DESCRIPTIONS[name]) continue;
    await pool.saveGroup(ctx, {
      ...group,
      GroupName: name,
      Description: GROUP_DESCRIPTIONS[name],
      CreationDate: group?.CreationDate ?? now,
      LastModifiedDate: now,
      members: group?.members ?? [],
    });
  }
  return { userPoolId, clientId };
}
