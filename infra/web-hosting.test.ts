import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { AwsSolutionsChecks } from 'cdk-nag';
import { loadManifests } from '#shared/manifest/registry.ts';
import { FEATURE_FLAGS } from './build-app.ts';
import { configFromContext } from './config.ts';
import { MAPS_KEY_ACTIONS } from './location.ts';
import { addNagChecks } from './nag.ts';
import { buildTestApp, removeTestOutputs, testOutdir, type Resources } from './testing.ts';
import { CONTENT_SECURITY_POLICY, DEFAULT_WEB_REGION, WebHostingStack, webHostingConfig } from './web-hosting-stack.ts';

/**
 * The customer app's hosting (decision 0035), built on its own (the stack refers to no other stack),
 * with and without a web build to upload, and checked by cdk-nag like the rest of the app.
 */

const PROD = { stage: 'prod', emailFrom: 'no-reply@petpro.test', allowedOrigins: 'https://app.petpro.test' };
const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

interface Built {
  app: App;
  stack: WebHostingStack;
  template: Template;
  resources: Resources;
  checks: AwsSolutionsChecks;
}

function build(context: Record<string, unknown> = {}): Built {
  const app = new App({ outdir: testOutdir(), context: { ...FEATURE_FLAGS, ...context } });
  const config = configFromContext(app.node);
  const web = webHostingConfig(app.node, config);
  const stack = new WebHostingStack(app, 'Web', { config, web, env: { region: web.region } });
  const checks = addNagChecks(app);
  const template = Template.fromStack(stack);
  return { app, stack, template, checks, resources: template.toJSON().Resources as Resources };
}

/** A stand-in for `npm run build:web`'s output: index.html and a content-hashed bundle. */
function fakeDist(): string {
  const dist = testOutdir();
  mkdirSync(join(dist, '_expo/static/js/web'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dist, '_expo/static/js/web/index-0123abcd.js'), 'console.log(1)');
  return dist;
}

interface ValidationReport {
  pluginReports: { violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
}

/** Every cdk-nag finding left (synth throws under the test runner on an unacknowledged error). */
function nagFindings({ app, checks }: Built): string[] {
  const directory = app.synth().directory;
  const report = JSON.parse(readFileSync(join(directory, 'validation-report.json'), 'utf8')) as ValidationReport;
  return [
    ...report.pluginReports.flatMap((plugin) =>
      plugin.violations.flatMap((v) => v.violatingConstructs.map((c) => `${v.ruleName} at ${c.constructPath}`)),
    ),
    ...checks.validateScope(app).violations.map((v) => v.ruleName),
  ];
}

const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);

let dev: Built;
let withBuild: Built;
let prod: Built;

beforeAll(() => {
  dev = build();
  withBuild = build({ customerAppDist: fakeDist() });
  prod = build({
    ...PROD,
    allowedOrigins: 'https://app.petpro.test,https://vendor.petpro.test',
    customerAppDomain: 'app.petpro.test',
    customerAppCertificateArn: CERTIFICATE,
    customerAppDist: fakeDist(),
  });
});

afterAll(removeTestOutputs);

describe('customer app hosting: bucket and CloudFront', () => {
  it('keeps the files in a private, encrypted, TLS-only bucket with access logs', () => {
    const [site] = ofType(dev.resources, 'AWS::S3::Bucket').filter(([id]) => id.startsWith('Site'));
    expect(site).toBeDefined();
    const [siteId, bucket] = site!;
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/^Logs/) }, LogFilePrefix: 'site/' },
    });
    expect(bucket.Properties).not.toHaveProperty('WebsiteConfiguration');

    const [, policy] = ofType(dev.resources, 'AWS::S3::BucketPolicy').find(
      ([, p]) => (p.Properties?.Bucket as { Ref: string }).Ref === siteId,
    )!;
    const statements = (policy.Properties?.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    // Readable by this distribution only (OAC), never by everyone.
    const reads = statements.filter((s) => s.Effect === 'Allow' && s.Action === 's3:GetObject');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Condition: { StringEquals: { 'AWS:SourceArn': expect.anything() } },
    });
    expect(JSON.stringify(reads[0]!.Condition)).toContain('distribution/');
    for (const s of statements.filter((statement) => statement.Effect === 'Allow'))
      expect(s.Principal).not.toEqual({ AWS: '*' });
  });

  it('reads the bucket through Origin Access Control (no OAI, no website endpoint)', () => {
    dev.template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    dev.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: {
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      },
    });
    dev.template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    dev.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Origins: [
          {
            DomainName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Site'), 'RegionalDomainName'] },
            OriginAccessControlId: { 'Fn::GetAtt': [Match.stringLikeRegexp('OriginAccessControl'), 'Id'] },
            S3OriginConfig: { OriginAccessIdentity: '' },
          },
        ],
      },
    });
  });

  it('serves index.html for paths that are screens of the app (403/404 → 200), over HTTPS, with logs', () => {
    dev.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultRootObject: 'index.html',
        CustomErrorResponses: [
          { ErrorCode: 403, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
          { ErrorCode: 404, ResponseCode: 200, ResponsePagePath: '/index.html', ErrorCachingMinTTL: 0 },
        ],
        DefaultCacheBehavior: {
          ViewerProtocolPolicy: 'redirect-to-https',
          AllowedMethods: ['GET', 'HEAD'],
          Compress: true,
          ResponseHeadersPolicyId: { Ref: Match.stringLikeRegexp('^SecurityHeaders') },
        },
        Logging: { Bucket: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Logs'), 'RegionalDomainName'] } },
        PriceClass: 'PriceClass_200',
      },
    });
  });

  it('sends security headers: HSTS, a CSP without inline or eval scripts, no framing, no sniffing', () => {
    dev.template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        Name: 'petpro-dev-customer-web',
        SecurityHeadersConfig: {
          StrictTransportSecurity: { AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true, Override: true },
          ContentSecurityPolicy: { ContentSecurityPolicy: CONTENT_SECURITY_POLICY, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          // The maps key is restricted by Referer: a policy that sends none would break the map.
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
          XSSProtection: { Protection: false, Override: true },
        },
      },
    });
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    expect(directives.get('connect-src')).toContain('https://*.amazonaws.com');
  });

  it("uses the app's own domain with TLS 1.2 when given one (prod)", () => {
    prod.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Aliases: ['app.petpro.test'],
        ViewerCertificate: {
          AcmCertificateArn: CERTIFICATE,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      },
    });
    expect(prod.stack.appUrl).toBe('https://app.petpro.test');
    prod.template.hasOutput('CustomerAppUrl', { Value: 'https://app.petpro.test' });
  });
});

describe('customer app hosting: Amazon Location key', () => {
  const key = (built: Built) => {
    const keys = ofType(built.resources, 'AWS::Location::APIKey');
    expect(keys).toHaveLength(1);
    return keys[0]![1].Properties as {
      KeyName: string;
      Restrictions: { AllowActions: string[]; AllowResources: unknown[]; AllowReferers: unknown[] };
    };
  };

  it('creates no map or place-index resource: v2 APIs with one key', () => {
    for (const type of ['AWS::Location::Map', 'AWS::Location::PlaceIndex', 'AWS::Location::RouteCalculator'])
      dev.template.resourceCountIs(type, 0);
    expect(key(dev).KeyName).toBe('petpro-dev-customer-web');
  });

  it('allows only map tiles and geocoding, on the default providers of its own region', () => {
    const { Restrictions } = key(dev);
    expect(Restrictions.AllowActions).toEqual([...MAPS_KEY_ACTIONS]);
    expect(Restrictions.AllowActions).toEqual(['geo-maps:GetTile', 'geo-places:Geocode']);
    expect(Restrictions.AllowActions.every((action) => !action.endsWith('*'))).toBe(true);
    expect(JSON.stringify(Restrictions.AllowResources)).toBe(
      JSON.stringify(
        ['geo-maps', 'geo-places'].map((service) => ({
          'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:${DEFAULT_WEB_REGION}::provider/default`]],
        })),
      ),
    );
  });

  it("is usable from the app's pages only (Referer), plus localhost outside prod", () => {
    const devReferers = key(dev).Restrictions.AllowReferers;
    expect(devReferers).toHaveLength(2);
    expect(JSON.stringify(devReferers[0])).toMatch(
      /^\{"Fn::Join":\["",\["https:\/\/",\{"Fn::GetAtt":\["Distribution[0-9A-F]+","DomainName"\]\},"\/\*"\]\]\}$/,
    );
    expect(devReferers[1]).toBe('http://localhost:*/*');

    const prodReferers = key(prod).Restrictions.AllowReferers;
    expect(prodReferers).toHaveLength(2);
    expect(prodReferers[1]).toBe('https://app.petpro.test/*');
    expect(JSON.stringify(prodReferers)).not.toContain('localhost');
  });

  it('outputs what the build needs: the key name, the style and geocode URLs without the key', () => {
    dev.template.hasOutput('MapsApiKeyName', { Value: 'petpro-dev-customer-web' });
    dev.template.hasOutput('MapStyleUrlWithoutKey', {
      Value: `https://maps.geo.${DEFAULT_WEB_REGION}.amazonaws.com/v2/styles/Standard/descriptor?key=`,
    });
    dev.template.hasOutput('GeocodeUrlWithoutKey', {
      Value: `https://places.geo.${DEFAULT_WEB_REGION}.amazonaws.com/v2/geocode?key=`,
    });
    dev.template.hasOutput('CustomerAppUrl', Match.anyValue());
    dev.template.hasOutput('DistributionId', Match.anyValue());
  });
});

describe('customer app hosting: uploading the build', () => {
  it('uploads nothing without customerAppDist (synth, tests, CI need no build)', () => {
    dev.template.resourceCountIs('Custom::CDKBucketDeployment', 0);
    expect(dev.stack.deployments).toEqual([]);
  });

  it('uploads the hashed bundles (cached a year, kept) before the documents (revalidated, pruned, invalidated)', () => {
    const deployments = ofType(withBuild.resources, 'Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(2);
    const [assetsId, assets] = deployments.find(([id]) => id.startsWith('DeployAssets'))!;
    const [, documents] = deployments.find(([id]) => id.startsWith('DeployDocuments'))!;
    expect(assets.Properties).toMatchObject({
      Exclude: ['*'],
      Include: ['_expo/static/*'],
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
      OutputObjectKeys: false,
    });
    expect(assets.Properties).not.toHaveProperty('DistributionId');
    expect(documents.Properties).toMatchObject({
      Exclude: ['_expo/static/*'],
      Prune: true,
      SystemMetadata: { 'cache-control': 'no-cache' },
      DistributionId: { Ref: expect.stringMatching(/^Distribution/) },
      DistributionPaths: ['/*'],
      OutputObjectKeys: false,
    });
    expect((documents as { DependsOn?: string[] }).DependsOn).toContain(assetsId);
  });

  it('refuses a customerAppDist without index.html, and half a custom domain', () => {
    const empty = testOutdir();
    expect(() => build({ customerAppDist: empty })).toThrow(/index\.html/);
    expect(() => build({ ...PROD, customerAppDomain: 'app.petpro.test' })).toThrow(/go together/);
    expect(() =>
      build({
        ...PROD,
        customerAppDomain: 'app.petpro.test',
        customerAppCertificateArn: CERTIFICATE.replace('us-east-1', 'ap-southeast-1'),
      }),
    ).toThrow(/us-east-1/);
    expect(() =>
      build({ ...PROD, customerAppDomain: 'shop.petpro.test', customerAppCertificateArn: CERTIFICATE }),
    ).toThrow(/allowedOrigins/);
    expect(() => build({ webRegion: 'jakarta' })).toThrow(/webRegion/);
  });
});

describe('customer app hosting: cdk-nag', () => {
  it('leaves no unacknowledged finding with a build to upload (dev: *.cloudfront.net)', () => {
    expect(nagFindings(withBuild)).toEqual([]);
  });

  it("leaves no unacknowledged finding in prod with the app's own domain", () => {
    expect(nagFindings(prod)).toEqual([]);
  });
});

describe('customer app hosting in the whole app', () => {
  it('is PetPro-<stage>-Web in its own region, with no reference to the other stacks', async () => {
    const built = buildTestApp(await loadManifests());
    expect(built.web.stackName).toBe('PetPro-dev-Web');
    expect(built.web.region).toBe(DEFAULT_WEB_REGION);
    expect(built.data.region).toBe('ap-southeast-3');
    expect(built.web.dependencies).toEqual([]);
    const template = JSON.stringify(Template.fromStack(built.web).toJSON());
    expect(template).not.toContain('Fn::ImportValue');
    expect(template).not.toContain('Custom::CDKBucketDeployment');
  });
});
