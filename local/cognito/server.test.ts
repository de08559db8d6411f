import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCognito, type LocalCognito, type TriggerPaths } from './server.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}.ts`, import.meta.url));
const triggers: TriggerPaths = {
  DefineAuthChallenge: fixture('define-auth-challenge'),
  CreateAuthChallenge: fixture('create-auth-challenge'),
  VerifyAuthChallengeResponse: fixture('verify-auth-challenge'),
};
const PASSWORD = 'Sehat-Selalu-2024';

function sdk(cognito: LocalCognito) {
  return new CognitoIdentityProviderClient({
    endpoint: cognito.endpoint,
    region: cognito.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** The production verifier, fed the local JWKS. */
function verifier(cognito: LocalCognito) {
  const v = CognitoJwtVerifier.create({
    userPoolId: cognito.userPoolId,
    tokenUse: 'access',
    clientId: cognito.clientId,
  });
  v.cacheJwks(cognito.jwks as Parameters<typeof v.cacheJwks>[0]);
  return v;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // A zombie (exited, not yet reaped) counts as gone.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

async function signUpConfirmed(
  client: CognitoIdentityProviderClient,
  cognito: LocalCognito,
  username: string,
  group?: string,
) {
  const { UserSub } = await client.send(
    new SignUpCommand({
      ClientId: cognito.clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [
        { Name: 'name', Value: 'Dewi Lestari' },
        { Name: 'custom:locale', Value: 'id-ID' },
      ],
    }),
  );
  await client.send(new AdminConfirmSignUpCommand({ UserPoolId: cognito.userPoolId, Username: username }));
  if (group)
    await client.send(
      new AdminAddUserToGroupCommand({ UserPoolId: cognito.userPoolId, Username: username, GroupName: group }),
    );
  return UserSub!;
}

describe('local cognito', { timeout: 60_000 }, () => {
  let dataDir: string;
  let cognito: LocalCognito;
  let client: CognitoIdentityProviderClient;
  const email = 'dewi@example.co.id';
  let sub: string;

  beforeAll(async () => {
    process.env.COGNITO_FIXTURE_ENV = 'from-parent';
    dataDir = await mkdtemp(join(tmpdir(), 'petpro-cognito-'));
    cognito = await startCognito({ dataDir, port: 0, triggers });
    client = sdk(cognito);
    sub = await signUpConfirmed(client, cognito, email, 'customer');
  }, 60_000);

  afterAll(async () => {
    client?.destroy();
    await cognito?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('creates an AWS-shaped pool, client and config in the data dir', async () => {
    expect(cognito.userPoolId).toMatch(/^ap-southeast-3_[A-Za-z0-9]{9,}$/);
    expect(cognito.clientId).toMatch(/^[a-z0-9]{26}$/);
    expect(cognito.issuer).toBe(`https://cognito-idp.ap-southeast-3.amazonaws.com/${cognito.userPoolId}`);
    const config = JSON.parse(await readFile(join(dataDir, '.cognito', 'config.json'), 'utf8')) as unknown;
    expect(config).toEqual({ TokenConfig: { IssuerDomain: 'https://cognito-idp.ap-southeast-3.amazonaws.com' } });
    const pool = JSON.parse(await readFile(join(dataDir, '.cognito', 'db', `${cognito.userPoolId}.json`), 'utf8')) as {
      Options: { UsernameAttributes: string[]; SchemaAttributes: { Name: string }[] };
      Groups: Record<string, unknown>;
    };
    expect(pool.Options.UsernameAttributes).toEqual(['email', 'phone_number']);
    expect(pool.Options.SchemaAttributes.map((a) => a.Name)).toEqual(expect.arrayContaining(['name', 'custom:locale']));
    expect(Object.keys(pool.Groups).sort()).toEqual(['clinic_admin', 'clinic_staff', 'customer', 'platform_admin']);
  });

  it('USER_PASSWORD_AUTH tokens pass the production verifier, with groups', async () => {
    const { AuthenticationResult: auth } = await client.send(
      new InitiateAuthCommand({
        ClientId: cognito.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD },
      }),
    );
    expect(auth?.ExpiresIn).toBe(3600);
    expect(auth?.TokenType).toBe('Bearer');
    const claims = await verifier(cognito).verify(auth!.AccessToken!);
    expect(claims.client_id).toBe(cognito.clientId);
    expect(claims.iss).toBe(cognito.issuer);
    expect(claims.sub).toBe(sub);
    expect(claims.username).toBe(sub);
    expect(claims['cognito:groups']).toContain('customer');

    const idVerifier = CognitoJwtVerifier.create({
      userPoolId: cognito.userPoolId,
      tokenUse: 'id',
      clientId: cognito.clientId,
    });
    idVerifier.cacheJwks(cognito.jwks as Parameters<typeof idVerifier.cacheJwks>[0]);
    const idClaims = await idVerifier.verify(auth!.IdToken!);
    expect(idClaims['custom:locale']).toBe('id-ID');
    expect(idClaims.email).toBe(email);
  });

  it('looks users up by email (AdminGetUser, ListUsers filter, AdminListGroupsForUser)', async () => {
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: cognito.userPoolId, Username: email }));
    expect(user.Username).toBe(sub);
    expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'name', Value: 'Dewi Lestari' }]));
    const { Users } = await client.send(
      new ListUsersCommand({ UserPoolId: cognito.userPoolId, Filter: `email = "${email}"` }),
    );
    expect(Users?.map((u) => u.Username)).toEqual([sub]);
    const { Groups } = await client.send(
      new AdminListGroupsForUserCommand({ UserPoolId: cognito.userPoolId, Username: email }),
    );
    expect(Groups?.map((g) => g.GroupName)).toEqual(['customer']);
  });

  it('signs up with an Indonesian phone number as the username', async () => {
    const phone = '+6281234567890';
    const phoneSub = await signUpConfirmed(client, cognito, phone);
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: cognito.userPoolId, Username: phone }));
    expect(user.Username).toBe(phoneSub);
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'phone_number', Value: phone },
        { Name: 'sub', Value: phoneSub },
      ]),
    );
    const { AuthenticationResult } = await client.send(
      new InitiateAuthCommand({
        ClientId: cognito.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: phone, PASSWORD },
      }),
    );
    expect((await verifier(cognito).verify(AuthenticationResult!.AccessToken!)).sub).toBe(phoneSub);
  });

  it('REFRESH_TOKEN_AUTH works until RevokeToken', async () => {
    const { AuthenticationResult: auth } = await client.send(
      new InitiateAuthCommand({
        ClientId: cognito.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD },
      }),
    );
    const refresh = () =>
      client.send(
        new InitiateAuthCommand({
          ClientId: cognito.clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: auth!.RefreshToken! },
        }),
      );
    const refreshed = await refresh();
    expect(refreshed.AuthenticationResult?.RefreshToken).toBeUndefined();
    expect(refreshed.AuthenticationResult?.ExpiresIn).toBe(3600);
    await verifier(cognito).verify(refreshed.AuthenticationResult!.AccessToken!);

    await client.send(new RevokeTokenCommand({ ClientId: cognito.clientId, Token: auth!.RefreshToken! }));
    await expect(refresh()).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  describe('CUSTOM_AUTH', () => {
    const start = () =>
      client.send(
        new InitiateAuthCommand({
          ClientId: cognito.clientId,
          AuthFlow: 'CUSTOM_AUTH',
          AuthParameters: { USERNAME: email },
        }),
      );
    const answer = (session: string | undefined, ANSWER: string) =>
      client.send(
        new RespondToAuthChallengeCommand({
          ClientId: cognito.clientId,
          ChallengeName: 'CUSTOM_CHALLENGE',
          Session: session,
          ChallengeResponses: { USERNAME: email, ANSWER },
        }),
      );

    it('a wrong answer, then the right one, gives tokens that verify and refresh', async () => {
      const first = await start();
      expect(first.ChallengeName).toBe('CUSTOM_CHALLENGE');
      expect(first.Session).toBeTruthy();
      expect(first.AuthenticationResult).toBeUndefined();
      expect(first.ChallengeParameters).toEqual({ email, attempt: '1', fixtureEnv: 'from-parent', USERNAME: sub });

      const second = await answer(first.Session, '000000');
      expect(second.ChallengeName).toBe('CUSTOM_CHALLENGE');
      expect(second.Session).toBeTruthy();
      expect(second.Session).not.toBe(first.Session);
      expect(second.ChallengeParameters?.attempt).toBe('2');

      const done = await answer(second.Session, '123456');
      expect(done.ChallengeName).toBeUndefined();
      const auth = done.AuthenticationResult!;
      expect(auth.ExpiresIn).toBe(3600);
      expect(auth.TokenType).toBe('Bearer');
      const claims = await verifier(cognito).verify(auth.AccessToken!);
      expect(claims.sub).toBe(sub);
      expect(claims['cognito:groups']).toContain('customer');

      const refreshed = await client.send(
        new InitiateAuthCommand({
          ClientId: cognito.clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: auth.RefreshToken! },
        }),
      );
      await verifier(cognito).verify(refreshed.AuthenticationResult!.AccessToken!);
    });

    it('three wrong answers fail the sign-in', async () => {
      let session = (await start()).Session;
      session = (await answer(session, '111111')).Session;
      session = (await answer(session, '222222')).Session;
      await expect(answer(session, '333333')).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
    });

    it('a Session is good only once', async () => {
      const first = await start();
      await answer(first.Session, '000000');
      await expect(answer(first.Session, '123456')).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Invalid session for the user.',
      });
      await expect(answer('made-up-session', '123456')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    });

    it('an unknown user is refused like a wrong password', async () => {
      await expect(
        client.send(
          new InitiateAuthCommand({
            ClientId: cognito.clientId,
            AuthFlow: 'CUSTOM_AUTH',
            AuthParameters: { USERNAME: 'nobody@example.com' },
          }),
        ),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    });

    it('refuses an unconfirmed user, and reports a failing trigger as Cognito does', async () => {
      await client.send(
        new SignUpCommand({ ClientId: cognito.clientId, Username: 'baru@example.com', Password: PASSWORD }),
      );
      await expect(
        client.send(
          new InitiateAuthCommand({
            ClientId: cognito.clientId,
            AuthFlow: 'CUSTOM_AUTH',
            AuthParameters: { USERNAME: 'baru@example.com' },
          }),
        ),
      ).rejects.toMatchObject({ name: 'UserNotConfirmedException' });
      await signUpConfirmed(client, cognito, 'boom@example.com');
      await expect(
        client.send(
          new InitiateAuthCommand({
            ClientId: cognito.clientId,
            AuthFlow: 'CUSTOM_AUTH',
            AuthParameters: { USERNAME: 'boom@example.com' },
          }),
        ),
      ).rejects.toMatchObject({
        name: 'UserLambdaValidationException',
        message: 'DefineAuthChallenge failed with error boom.',
      });
    });
  });

  it('a restart on the same data dir keeps pool, client and users; stop() ends the child', async () => {
    const before = { userPoolId: cognito.userPoolId, clientId: cognito.clientId };
    const pid = cognito.pid!;
    expect(alive(pid)).toBe(true);
    client.destroy();
    await cognito.stop();
    expect(await waitUntilGone(pid, 1_000)).toBe(true);
    expect(cognito.pid).toBeUndefined();
    await cognito.stop(); // idempotent

    cognito = await startCognito({ dataDir, port: 0, triggers });
    client = sdk(cognito);
    expect({ userPoolId: cognito.userPoolId, clientId: cognito.clientId }).toEqual(before);
    const { AuthenticationResult } = await client.send(
      new InitiateAuthCommand({
        ClientId: cognito.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD },
      }),
    );
    const claims = await verifier(cognito).verify(AuthenticationResult!.AccessToken!);
    expect(claims.sub).toBe(sub);
    expect(claims['cognito:groups']).toContain('customer');
  });

  it('the child does not outlive a parent that is killed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'petpro-cognito-orphan-'));
    const serverUrl = new URL('./server.ts', import.meta.url).href;
    const script = `const { startCognito } = await import(${JSON.stringify(serverUrl)});
      const c = await startCognito({ dataDir: ${JSON.stringify(dir)}, port: 0 });
      console.log(JSON.stringify({ pid: c.pid }));
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: parent.stdout }).once('line', resolve);
        parent.once('exit', (code) => reject(new Error(`parent exited early (${code})`)));
      });
      const { pid } = JSON.parse(line) as { pid: number };
      expect(alive(pid)).toBe(true);
      parent.kill('SIGKILL');
      expect(await waitUntilGone(pid)).toBe(true);
    } finally {
      parent.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
