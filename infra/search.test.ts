import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FUNCTIONS_DIR, loadManifests, type LoadedManifest } from '#shared/manifest/registry.ts';
import { defineDomain } from '#shared/manifest/types.ts';
import { ENV } from '#shared/config/env.ts';
import type { PetProApp } from './build-app.ts';
import { SEARCH_CAPACITY } from './config.ts';
import {
  allowedActions,
  apiTemplates,
  buildTestApp,
  functionIn,
  inParent,
  removeTestOutputs,
  statementsOfFunction,
  type Resources,
  type StackTemplate,
} from './testing.ts';

/**
 * The OpenSearch domain (Data stack) and what `search` access gives a function (Api stack).
 * A fixture domain declares the two shapes the search manifest uses — routes with
 * `search: 'read'`, an indexer subscription with `table` + `search: 'readwrite'` — on an
 * existing handler file (bundling is skipped; CDK only needs the entry to exist).
 */
const fixture: LoadedManifest = {
  dir: join(FUNCTIONS_DIR, 'platform'),
  manifest: defineDomain({
    domain: 'searchfixture',
    description: 'Test fixture: search access',
    routes: {
      find: {
        method: 'GET',
        path: '/v1/fixture/search',
        handler: 'handlers/health.ts',
        auth: 'public',
        access: { search: 'read' },
        summary: 'Fixture search route',
        responses: { 200: { description: 'ok' } },
      },
    },
    subscriptions: {
      index: {
        description: 'Fixture indexer',
        events: ['user.registered'],
        handler: 'handlers/health.ts',
        access: { table: 'readwrite', search: 'readwrite' },
      },
    },
  }),
};

let dev: PetProApp;
let prod: PetProApp;
let devData: Template;
let prodData: Template;
/** The Api stack's template (the search access mapping), then its domains' nested stacks' (the search functions). */
let api: StackTemplate[];

beforeAll(async () => {
  const manifests = [...(await loadManifests()), fixture];
  dev = buildTestApp(manifests, {}, true);
  devData = Template.fromStack(dev.data);
  api = apiTemplates(dev);
  prod = buildTestApp(manifests, {
    stage: 'prod',
    emailFrom: 'no-reply@petpro.test',
    allowedOrigins: 'https://app.petpro.test',
  });
  prodData = Template.fromStack(prod.data);
});

afterAll(removeTestOutputs);

interface Statement {
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource: unknown;
}

describe('search domain', () => {
  it('encrypts at rest and between nodes, enforces HTTPS with TLS 1.2+, and uses an IAM master for fine-grained access control', () => {
    for (const template of [devData, prodData]) {
      template.resourceCountIs('AWS::OpenSearchService::Domain', 1);
      template.hasResourceProperties('AWS::OpenSearchService::Domain', {
        EngineVersion: Match.stringLikeRegexp('^OpenSearch_'),
        EncryptionAtRestOptions: { Enabled: true },
        NodeToNodeEncryptionOptions: { Enabled: true },
        DomainEndpointOptions: {
          EnforceHTTPS: true,
          TLSSecurityPolicy: Match.stringLikeRegexp('^Policy-Min-TLS-1-(2|3)'),
        },
        AdvancedSecurityOptions: {
          Enabled: true,
          InternalUserDatabaseEnabled: false,
          MasterUserOptions: {
            MasterUserARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SearchAdmin'), 'Arn'] },
            MasterUserName: Match.absent(),
            MasterUserPassword: Match.absent(),
          },
        },
      });
    }
  });

  it("admits only this account's principals, on this domain only", () => {
    const [domain] = Object.values(devData.findResources('AWS::OpenSearchService::Domain'));
    const policy = domain!.Properties!.AccessPolicies as { Statement: Statement[] };
    expect(policy.Statement.length).toBeGreaterThan(0);
    for (const statement of policy.Statement.filter((s) => s.Effect === 'Allow')) {
      expect(JSON.stringify(statement.Principal)).not.toContain('*');
      expect(statement.Principal).toEqual({
        AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] },
      });
      expect(JSON.stringify(statement.Resource)).toContain(':domain/petpro-dev/*');
    }
    // Set by CloudFormation itself: no access-policy (or log-policy) custom resource and its Lambda.
    const types = Object.values(prodData.toJSON().Resources as Resources).map((resource) => resource.Type);
    expect(types.filter((type) => type.startsWith('Custom::'))).toEqual([]);
  });

  it('publishes search and index slow logs and application logs to CloudWatch, delivered for this domain only', () => {
    devData.hasResourceProperties('AWS::OpenSearchService::Domain', {
      LogPublishingOptions: {
        SEARCH_SLOW_LOGS: { Enabled: true, CloudWatchLogsLogGroupArn: Match.anyValue() },
        INDEX_SLOW_LOGS: { Enabled: true, CloudWatchLogsLogGroupArn: Match.anyValue() },
        ES_APPLICATION_LOGS: { Enabled: true, CloudWatchLogsLogGroupArn: Match.anyValue() },
      },
    });
    const [policy] = Object.values(devData.findResources('AWS::Logs::ResourcePolicy'));
    const document = JSON.stringify(policy!.Properties!.PolicyDocument);
    expect(document).toContain('es.amazonaws.com');
    expect(document).toContain('aws:SourceArn');
    devData.hasResource('AWS::OpenSearchService::Domain', {
      DependsOn: Match.arrayWith([Match.stringLikeRegexp('^SearchLogsPolicy')]),
    });
  });

  it('is one small node in dev, two zones and three dedicated masters in prod; retained in prod only', () => {
    devData.hasResourceProperties('AWS::OpenSearchService::Domain', {
      ClusterConfig: Match.objectLike({
        InstanceCount: 1,
        InstanceType: SEARCH_CAPACITY.dev.dataNodeInstanceType,
        DedicatedMasterEnabled: false,
        ZoneAwarenessEnabled: false,
      }),
    });
    devData.hasResource('AWS::OpenSearchService::Domain', { DeletionPolicy: 'Delete' });
    prodData.hasResourceProperties('AWS::OpenSearchService::Domain', {
      ClusterConfig: Match.objectLike({
        InstanceCount: 2,
        ZoneAwarenessEnabled: true,
        ZoneAwarenessConfig: { AvailabilityZoneCount: 2 },
        DedicatedMasterEnabled: true,
        DedicatedMasterCount: 3,
      }),
    });
    prodData.hasResource('AWS::OpenSearchService::Domain', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('leaves no unacknowledged cdk-nag finding with search functions in the app', () => {
    const report = JSON.parse(readFileSync(join(dev.app.synth().directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations)).toEqual([]);
    expect(dev.checks!.validateScope(dev.app).violations.map((v) => v.ruleName)).toEqual([]);
  });
});

describe('search access', () => {
  const READ = ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost'];
  const WRITE = ['es:ESHttpPut', 'es:ESHttpDelete'];

  function searchOf(name: string) {
    const { at, id, resource: fn } = functionIn(api, { domain: 'searchfixture', name });
    const statements = statementsOfFunction(at.resources, id);
    return {
      env: (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables,
      statements,
      esActions: [...allowedActions(statements)].filter((action) => action.startsWith('es:')).sort(),
    };
  }

  it("'read' may GET, HEAD and POST (_search) on the domain's paths, nothing that writes", () => {
    const { esActions, statements } = searchOf('find');
    expect(esActions).toEqual([...READ].sort());
    const search = statements.filter((s) => ([] as string[]).concat(s.Action).some((a) => a.startsWith('es:')));
    expect(search).toHaveLength(1);
    expect(JSON.stringify(search[0]!.Resource)).toMatch(/Fn::ImportValue.*Search.*Arn.*\/\*/);
  });

  it("'readwrite' adds PUT and DELETE", () => {
    expect(searchOf('index').esActions).toEqual([...READ, ...WRITE].sort());
  });

  it('points the function at the domain over https with SEARCH_ENGINE=opensearch', () => {
    for (const name of ['find', 'index']) {
      const { env } = searchOf(name);
      expect(env[ENV.searchEngine]).toBe('opensearch');
      expect(JSON.stringify(env[ENV.searchEndpoint])).toMatch(/"https:\/\/".*Fn::ImportValue.*Search.*DomainEndpoint/);
    }
    const { resource: other } = functionIn(api, { domain: 'platform', name: 'health' });
    const env = (other.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(ENV.searchEngine in env || ENV.searchEndpoint in env).toBe(false);
  });
});

describe('search access mapping (fine-grained access control)', () => {
  function mappingFunction() {
    const entries = Object.entries(api[0]!.resources).filter(
      ([, resource]) =>
        resource.Type === 'AWS::Lambda::Function' &&
        String(resource.Properties?.Description ?? '').startsWith('Maps the search functions roles'),
    );
    expect(entries).toHaveLength(1);
    return entries[0]!;
  }
  /** A function's role ARN as the Api stack sees it (an output of the domain's nested stack), if the nested stack outputs it. */
  const roleArn = (domain: string, name: string): string | undefined => {
    const { at, resource: fn } = functionIn(api, { domain, name });
    const arn = inParent(at, fn.Properties!.Role);
    return arn === undefined ? undefined : JSON.stringify(arn);
  };
  const mapped = (domain: string, name: string): string => {
    const arn = roleArn(domain, name);
    expect(arn, `${domain}.${name} role ARN in the Api stack`).toBeDefined();
    return arn!;
  };

  it('runs after each deployment as the domain master role, with every search function role by kind of access', () => {
    const [id, fn] = mappingFunction();
    expect(JSON.stringify(fn.Properties!.Role)).toMatch(/Fn::ImportValue.*SearchAdmin/);
    const env = JSON.stringify((fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables);
    const read = JSON.stringify(
      (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables.SEARCH_READ_ROLE_ARNS,
    );
    const write = JSON.stringify(
      (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables.SEARCH_WRITE_ROLE_ARNS,
    );
    expect(read).toContain(mapped('searchfixture', 'find'));
    expect(read).toContain(mapped('search', 'searchClinics'));
    expect(write).toContain(mapped('searchfixture', 'index'));
    expect(write).toContain(mapped('search', 'indexListing'));
    expect(read).not.toContain(mapped('search', 'indexListing'));
    // A function without search access: its role is not even passed up to the Api stack.
    const health = roleArn('platform', 'health');
    expect(health === undefined || !env.includes(health)).toBe(true);
    const triggers = Object.values(api[0]!.resources).filter(
      (resource) =>
        resource.Type === 'Custom::Trigger' &&
        JSON.stringify(resource.Properties).includes(id.replace(/[0-9A-F]{8}$/, '')),
    );
    expect(triggers).toHaveLength(1);
  });

  it('lets Lambda assume the master role (the mapping function runs as it)', () => {
    devData.hasResourceProperties('AWS::IAM::Role', {
      Description: Match.stringLikeRegexp('fine-grained access control master'),
      AssumeRolePolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })]),
      },
    });
  });
});
