import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { App, Stack } from 'aws-cdk-lib';
import { TableV2, AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Domain } from 'aws-cdk-lib/aws-opensearchservice';
import { ENV } from '#shared/config/env.ts';
import { FUNCTIONS_DIR, type LoadedManifest } from '#shared/manifest/registry.ts';
import { defineDomain } from '#shared/manifest/types.ts';
import { lambdaBundleOptions } from './lambda-bundle.ts';
import { accessEnvironment, accessStatements, type PlatformResources } from './access.ts';
import { PAYMENT_PROVIDER_URLS } from '#shared/config/env.ts';
import { bundlingOptions } from './function.ts';
import type { PetProApp } from './build-app.ts';
import {
  apiTemplates,
  buildTestApp,
  functionIn,
  removeTestOutputs,
  statementsOfFunction,
  testOutdir,
  type StackTemplate,
} from './testing.ts';

afterAll(removeTestOutputs);

function resources(): { stack: Stack; resources: PlatformResources } {
  const stack = new Stack(new App({ outdir: testOutdir() }), 'S', { env: { region: 'ap-southeast-3' } });
  const userPool = new UserPool(stack, 'Pool');
  return {
    stack,
    resources: {
      table: new TableV2(stack, 'T', { partitionKey: { name: 'pk', type: AttributeType.STRING } }),
      bus: new EventBus(stack, 'B'),
      uploads: new Bucket(stack, 'U'),
      userPool,
      userPoolClient: userPool.addClient('C'),
      emailFrom: 'no-reply@petpro.test',
      whatsappSecret: new Secret(stack, 'W'),
      midtransSecret: new Secret(stack, 'Midtrans'),
      xenditSecret: new Secret(stack, 'Xendit'),
      biteshipSecret: new Secret(stack, 'Biteship'),
      search: Domain.fromDomainAttributes(stack, 'D', {
        domainArn: 'arn:aws:es:ap-southeast-3:123456789012:domain/petpro-test',
        domainEndpoint: 'search-petpro-test-abc123.ap-southeast-3.es.amazonaws.com',
      }),
    },
  };
}

const actionsOf = (stack: Stack, statements: ReturnType<typeof accessStatements>) =>
  statements
    .filter((s) => s.effect === 'Allow')
    .flatMap((s) => stack.resolve(s.toStatementJson()).Action as string[] | string)
    .flat()
    .sort();

describe('access → IAM', () => {
  it('grants nothing for empty access', () => {
    const { stack, resources: r } = resources();
    expect(accessStatements(stack, {}, r)).toEqual([]);
    expect(accessEnvironment({}, r)).toEqual({});
  });

  it('skips Cognito public-client actions and grants admin ones on the pool', () => {
    const { stack, resources: r } = resources();
    expect(
      accessStatements(
        stack,
        { userPool: ['SignUp', 'InitiateAuth', 'RespondToAuthChallenge', 'RevokeToken', 'ConfirmSignUp'] },
        r,
      ),
    ).toEqual([]);
    const [statement] = accessStatements(stack, { userPool: ['SignUp', 'AdminGetUser'] }, r);
    expect(stack.resolve(statement!.toStatementJson())).toMatchObject({
      Action: 'cognito-idp:AdminGetUser',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Pool/), 'Arn'] },
    });
    // Public actions still need the ids to call Cognito.
    expect(Object.keys(accessEnvironment({ userPool: ['InitiateAuth'] }, r)).sort()).toEqual(
      [ENV.userPoolClientId, ENV.userPoolId].sort(),
    );
  });

  it('maps each messaging channel to its own grant: SES on the sender identity, SMS-only SNS, the WhatsApp secret', () => {
    const { stack, resources: r } = resources();
    const all = ['email', 'sms', 'whatsapp'] as const;
    const json = accessStatements(stack, { messaging: all }, r).map((s) => stack.resolve(s.toStatementJson()));
    expect(JSON.stringify(json.find((s) => s.Sid === 'SendEmail'))).toContain(':identity/petpro.test');
    expect(json.find((s) => s.Sid === 'NoTopics')).toMatchObject({ Effect: 'Deny', Action: 'sns:Publish' });
    expect(json.find((s) => s.Sid === 'WhatsAppCredentials')).toMatchObject({
      Action: 'secretsmanager:GetSecretValue',
      Resource: { Ref: expect.stringMatching(/^W/) },
    });
    expect(stack.resolve(accessEnvironment({ messaging: all }, r))).toEqual({
      [ENV.emailFrom]: 'no-reply@petpro.test',
      [ENV.whatsappSecretId]: { Ref: expect.stringMatching(/^W/) },
    });
    expect(actionsOf(stack, accessStatements(stack, { messaging: all }, r))).toEqual([
      'secretsmanager:GetSecretValue',
      'ses:SendEmail',
      'sns:Publish',
    ]);
    expect(actionsOf(stack, accessStatements(stack, { messaging: ['email'] }, r))).toEqual(['ses:SendEmail']);
    expect(actionsOf(stack, accessStatements(stack, { messaging: ['sms'] }, r))).toEqual(['sns:Publish']);
    expect(accessEnvironment({ messaging: ['sms'] }, r)).toEqual({});
  });

  it('gives each declared provider its secret id and GetSecretValue on that secret only', () => {
    const { stack, resources: r } = resources();
    const json = (access: Parameters<typeof accessStatements>[1]) =>
      accessStatements(stack, access, r).map((s) => stack.resolve(s.toStatementJson()));
    expect(json({ providerSecrets: ['midtrans'] })).toEqual([
      {
        Sid: 'MidtransKeys',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: { Ref: expect.stringMatching(/^Midtrans/) },
      },
    ]);
    expect(stack.resolve(accessEnvironment({ providerSecrets: ['midtrans'] }, r))).toEqual({
      [ENV.midtransSecretId]: { Ref: expect.stringMatching(/^Midtrans/) },
    });
    expect(json({ providerSecrets: ['xendit'] })).toEqual([
      {
        Sid: 'XenditKeys',
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: { Ref: expect.stringMatching(/^Xendit/) },
      },
    ]);
    expect(stack.resolve(accessEnvironment({ providerSecrets: ['xendit', 'midtrans', 'xendit'] }, r))).toEqual({
      [ENV.midtransSecretId]: { Ref: expect.stringMatching(/^Midtrans/) },
      [ENV.xenditSecretId]: { Ref: expect.stringMatching(/^Xendit/) },
    });
    expect(json({ providerSecrets: ['midtrans', 'xendit'] }).map((s) => s.Sid)).toEqual(['MidtransKeys', 'XenditKeys']);
    expect(accessStatements(stack, { providerSecrets: [] }, r)).toEqual([]);
    expect(accessEnvironment({ providerSecrets: [] }, r)).toEqual({});
  });

  it("points a provider's functions at that provider's API: sandboxes outside prod, live APIs in prod", () => {
    const { stack, resources: r } = resources();
    const env = (mode: keyof typeof PAYMENT_PROVIDER_URLS, providers: ('midtrans' | 'xendit' | 'biteship')[]) =>
      stack.resolve(
        accessEnvironment(
          { providerSecrets: providers },
          {
            ...r,
            paymentProviderUrls: PAYMENT_PROVIDER_URLS[mode],
            paymentReturnUrl: 'https://app.petpro.id/payments/{paymentId}',
          },
        ),
      ) as Record<string, unknown>;
    expect(env('sandbox', ['midtrans'])).toMatchObject({
      MIDTRANS_SNAP_URL: 'https://app.sandbox.midtrans.com',
      MIDTRANS_API_URL: 'https://api.sandbox.midtrans.com',
    });
    expect(env('sandbox', ['midtrans'])).not.toHaveProperty('XENDIT_API_URL');
    expect(env('production', ['midtrans', 'xendit'])).toMatchObject({
      MIDTRANS_API_URL: 'https://api.midtrans.com',
      XENDIT_API_URL: 'https://api.xendit.co',
    });
    // Shipping: the Biteship key and API, and no payment return URL.
    expect(env('sandbox', ['biteship'])).toEqual({
      [ENV.biteshipSecretId]: { Ref: expect.stringMatching(/^Biteship/) },
      [ENV.biteshipApiUrl]: 'https://api.biteship.com',
    });
  });

  it('maps search access to the domain endpoint and HTTP methods on its paths: read queries, readwrite also indexes', () => {
    const { stack, resources: r } = resources();
    const json = (access: Parameters<typeof accessStatements>[1]) =>
      accessStatements(stack, access, r).map((s) => stack.resolve(s.toStatementJson()));
    const resource = 'arn:aws:es:ap-southeast-3:123456789012:domain/petpro-test/*';
    expect(json({ search: 'read' })).toEqual([
      {
        Sid: 'Search',
        Effect: 'Allow',
        Action: ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost'],
        Resource: resource,
      },
    ]);
    expect(json({ search: 'readwrite' })).toEqual([
      {
        Sid: 'Search',
        Effect: 'Allow',
        Action: ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost', 'es:ESHttpPut', 'es:ESHttpDelete'],
        Resource: resource,
      },
    ]);
    for (const search of ['read', 'readwrite'] as const) {
      expect(accessEnvironment({ search }, r)).toEqual({
        [ENV.searchEngine]: 'opensearch',
        [ENV.searchEndpoint]: 'https://search-petpro-test-abc123.ap-southeast-3.es.amazonaws.com',
      });
    }
  });

  it('fails loudly when access names a resource the function cannot have', () => {
    const { stack } = resources();
    expect(() => accessStatements(stack, { search: 'read' }, {})).toThrow(/search access/);
    expect(() => accessEnvironment({ search: 'readwrite' }, {})).toThrow(/search access/);
    expect(() => accessStatements(stack, { table: 'read' }, {})).toThrow(/table access/);
    expect(() => accessEnvironment({ uploads: 'read' }, {})).toThrow(/uploads/);
    expect(() =>
      accessStatements(
        stack,
        { providerSecrets: ['xendit'] },
        { midtransSecret: resources().resources.midtransSecret! },
      ),
    ).toThrow(/Xendit secret/);
    expect(() => accessEnvironment({ providerSecrets: ['midtrans'] }, {})).toThrow(/Midtrans secret/);
  });
});

/**
 * The whole app with only a fixture domain (on an existing handler; bundling is skipped), so the
 * check does not depend on what the real manifests declare.
 */
const providerFixture: LoadedManifest = {
  dir: join(FUNCTIONS_DIR, 'platform'),
  manifest: defineDomain({
    domain: 'providerfixture',
    description: 'Test fixture: payment provider secrets',
    routes: {
      charge: {
        method: 'POST',
        path: '/v1/fixture/charge',
        handler: 'handlers/health.ts',
        auth: 'public',
        access: { providerSecrets: ['midtrans'] },
        summary: 'Fixture Midtrans route',
        responses: { 200: { description: 'ok' } },
      },
      both: {
        method: 'POST',
        path: '/v1/fixture/both',
        handler: 'handlers/health.ts',
        auth: 'public',
        access: { providerSecrets: ['midtrans', 'xendit'] },
        summary: 'Fixture route with both providers',
        responses: { 200: { description: 'ok' } },
      },
    },
  }),
};

describe('provider secrets in the app', () => {
  let built: PetProApp;
  let data: Template;
  /** The Api stack's template and its domains' nested stacks'. */
  let api: StackTemplate[];
  beforeAll(() => {
    built = buildTestApp([providerFixture], {}, true);
    data = Template.fromStack(built.data);
    api = apiTemplates(built);
  });
  // The secret's ARN, exported by the Data stack.
  const importOf = (provider: string) => new RegExp(`"Fn::ImportValue":"[^"]*${provider}Secret`);
  const secretsOf = (name: string) => {
    const { at, id: fnId, resource: fn } = functionIn(api, { domain: 'providerfixture', name });
    const env = (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
    const reads = statementsOfFunction(at.resources, fnId).filter((s) =>
      ([] as string[]).concat(s.Action).some((a) => a.startsWith('secretsmanager:')),
    );
    return {
      env,
      secretIds: Object.keys(env)
        .filter((key) => key.endsWith('_SECRET_ID'))
        .sort(),
      reads,
    };
  };

  it('creates petpro/<stage>/midtrans and petpro/<stage>/xendit with empty placeholders for the operator', () => {
    data.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'petpro/dev/midtrans',
      GenerateSecretString: {
        SecretStringTemplate: JSON.stringify({ serverKey: '', clientKey: '' }),
        GenerateStringKey: Match.anyValue(),
      },
    });
    data.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'petpro/dev/xendit',
      GenerateSecretString: {
        SecretStringTemplate: JSON.stringify({ secretKey: '', callbackToken: '' }),
        GenerateStringKey: Match.anyValue(),
      },
    });
  });

  it("gives a function declaring ['midtrans'] only MIDTRANS_SECRET_ID and GetSecretValue on only that secret", () => {
    const { env, secretIds, reads } = secretsOf('charge');
    expect(secretIds).toEqual([ENV.midtransSecretId]);
    expect(JSON.stringify(env[ENV.midtransSecretId])).toMatch(importOf('Midtrans'));
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ Sid: 'MidtransKeys', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue' });
    expect(JSON.stringify(reads[0]!.Resource)).toMatch(importOf('Midtrans'));
    expect(JSON.stringify(reads[0]!.Resource)).not.toMatch(/Xendit|WhatsApp|\*/);
  });

  it('gives a function declaring both providers both, each in its own statement', () => {
    const { secretIds, reads } = secretsOf('both');
    expect(secretIds).toEqual([ENV.midtransSecretId, ENV.xenditSecretId].sort());
    expect(reads.map((s) => s.Sid).sort()).toEqual(['MidtransKeys', 'XenditKeys']);
    expect(JSON.stringify(reads.find((s) => s.Sid === 'XenditKeys')!.Resource)).toMatch(importOf('Xendit'));
    expect(JSON.stringify(reads.find((s) => s.Sid === 'XenditKeys')!.Resource)).not.toMatch(/Midtrans/);
  });

  it('leaves no unacknowledged cdk-nag finding (rotation of the provider secrets is acknowledged)', () => {
    const report = JSON.parse(readFileSync(join(built.app.synth().directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations)).toEqual([]);
    expect(built.checks!.validateScope(built.app).violations.map((v) => v.ruleName)).toEqual([]);
  });
});

describe('bundling', () => {
  it('is the benchmark bundle: ESM, node22, minified, SDK bundled, require banner', () => {
    const options = bundlingOptions();
    expect(options).toMatchObject({
      format: 'esm',
      target: 'node22',
      minify: true,
      externalModules: [],
      mainFields: ['module', 'main'],
      sourceMap: true,
    });
    expect(options.banner).toBe(lambdaBundleOptions.banner?.js);
    expect(options.banner).toMatch(/createRequire/);
  });
});
