import { afterAll, describe, expect, it } from 'vitest';
import { App, Stack } from 'aws-cdk-lib';
import { TableV2, AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Domain } from 'aws-cdk-lib/aws-opensearchservice';
import { ENV } from '#shared/config/env.ts';
import { lambdaBundleOptions } from './lambda-bundle.ts';
import { accessEnvironment, accessStatements, type PlatformResources } from './access.ts';
import { bundlingOptions } from './function.ts';
import { removeTestOutputs, testOutdir } from './testing.ts';

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
      search: Domain.fromDomainAttributes(stack, 'D', {
        domainArn: 'arn:aws:es:ap-southeast-3:123456789012:domain/petpro-test',
        domainEndpoint: 'search-petpro-test-abc123.ap-southeast-3.es.amazonaws.com',
      }),
    },
  };
}

const actionsOf = (stack: Stack, statements: ReturnType<typeof accessStatements>) =>
  statements.filter((s) => s.effect === 'Allow').flatMap((s) => stack.resolve(s.toStatementJson()).Action as string[] | string).flat().sort();

describe('access → IAM', () => {
  it('grants nothing for empty access', () => {
    const { stack, resources: r } = resources();
    expect(accessStatements(stack, {}, r)).toEqual([]);
    expect(accessEnvironment({}, r)).toEqual({});
  });

  it('skips Cognito public-client actions and grants admin ones on the pool', () => {
    const { stack, resources: r } = resources();
    expect(accessStatements(stack, { userPool: ['SignUp', 'InitiateAuth', 'RespondToAuthChallenge', 'RevokeToken', 'ConfirmSignUp'] }, r)).toEqual([]);
    const [statement] = accessStatements(stack, { userPool: ['SignUp', 'AdminGetUser'] }, r);
    expect(stack.resolve(statement!.toStatementJson())).toMatchObject({ Action: 'cognito-idp:AdminGetUser', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Pool/), 'Arn'] } });
    // Public actions still need the ids to call Cognito.
    expect(Object.keys(accessEnvironment({ userPool: ['InitiateAuth'] }, r)).sort()).toEqual([ENV.userPoolClientId, ENV.userPoolId].sort());
  });

  it('maps each messaging channel to its own grant: SES on the sender identity, SMS-only SNS, the WhatsApp secret', () => {
    const { stack, resources: r } = resources();
    const all = ['email', 'sms', 'whatsapp'] as const;
    const json = accessStatements(stack, { messaging: all }, r).map((s) => stack.resolve(s.toStatementJson()));
    expect(JSON.stringify(json.find((s) => s.Sid === 'SendEmail'))).toContain(':identity/petpro.test');
    expect(json.find((s) => s.Sid === 'NoTopics')).toMatchObject({ Effect: 'Deny', Action: 'sns:Publish' });
    expect(json.find((s) => s.Sid === 'WhatsAppCredentials')).toMatchObject({ Action: 'secretsmanager:GetSecretValue', Resource: { Ref: expect.stringMatching(/^W/) } });
    expect(stack.resolve(accessEnvironment({ messaging: all }, r))).toEqual({ [ENV.emailFrom]: 'no-reply@petpro.test', [ENV.whatsappSecretId]: { Ref: expect.stringMatching(/^W/) } });
    expect(actionsOf(stack, accessStatements(stack, { messaging: all }, r))).toEqual(['secretsmanager:GetSecretValue', 'ses:SendEmail', 'sns:Publish']);
    expect(actionsOf(stack, accessStatements(stack, { messaging: ['email'] }, r))).toEqual(['ses:SendEmail']);
    expect(actionsOf(stack, accessStatements(stack, { messaging: ['sms'] }, r))).toEqual(['sns:Publish']);
    expect(accessEnvironment({ messaging: ['sms'] }, r)).toEqual({});
  });

  it('maps search access to the domain endpoint and HTTP methods on its paths: read queries, readwrite also indexes', () => {
    const { stack, resources: r } = resources();
    const json = (access: Parameters<typeof accessStatements>[1]) => accessStatements(stack, access, r).map((s) => stack.resolve(s.toStatementJson()));
    const resource = 'arn:aws:es:ap-southeast-3:123456789012:domain/petpro-test/*';
    expect(json({ search: 'read' })).toEqual([{ Sid: 'Search', Effect: 'Allow', Action: ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost'], Resource: resource }]);
    expect(json({ search: 'readwrite' })).toEqual([{ Sid: 'Search', Effect: 'Allow', Action: ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost', 'es:ESHttpPut', 'es:ESHttpDelete'], Resource: resource }]);
    for (const search of ['read', 'readwrite'] as const) {
      expect(accessEnvironment({ search }, r)).toEqual({ [ENV.searchEngine]: 'opensearch', [ENV.searchEndpoint]: 'https://search-petpro-test-abc123.ap-southeast-3.es.amazonaws.com' });
    }
  });

  it('fails loudly when access names a resource the function cannot have', () => {
    const { stack } = resources();
    expect(() => accessStatements(stack, { search: 'read' }, {})).toThrow(/search access/);
    expect(() => accessEnvironment({ search: 'readwrite' }, {})).toThrow(/search access/);
    expect(() => accessStatements(stack, { table: 'read' }, {})).toThrow(/table access/);
    expect(() => accessEnvironment({ uploads: 'read' }, {})).toThrow(/uploads/);
  });
});

describe('bundling', () => {
  it('is the benchmark bundle: ESM, node22, minified, SDK bundled, require banner', () => {
    const options = bundlingOptions();
    expect(options).toMatchObject({ format: 'esm', target: 'node22', minify: true, externalModules: [], mainFields: ['module', 'main'], sourceMap: true });
    expect(options.banner).toBe(lambdaBundleOptions.banner?.js);
    expect(options.banner).toMatch(/createRequire/);
  });
});
