import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { CfnPolicy, CfnRole } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { Construct, IConstruct, Node } from 'constructs';
import type { AppConfig } from './config.ts';
import { geocodeUrlWithoutKey, mapStyleUrlWithoutKey, MapsApiKey } from './location.ts';
import { acknowledge } from './nag.ts';

/**
 * The customer app's web build in AWS (decision 0035): a private S3 bucket behind CloudFront (Origin
 * Access Control), the single-page-app fallback, security headers, and the Amazon Location API key
 * the app's map and address search use (infra/location.ts).
 *
 * Its own stack, in its own region (`webRegion`, default ap-southeast-1): Amazon Location has no
 * endpoint in ap-southeast-3 (Jakarta), the key must be in the region of the maps it opens, and
 * CloudFront does not deliver standard logs to buckets in opt-in regions such as ap-southeast-3. CloudFront itself is
 * global, so the region only decides where the files and logs are kept.
 *
 * Deploying is two steps (README "Deploy"): the stacks first, then the app is built with the API URL
 * and the map style URL (with the key's value, which CloudFormation does not return) as
 * `EXPO_PUBLIC_*` (Expo inlines them at build time), and this stack is deployed again with
 * `-c customerAppDist=frontends/customer/dist`, which uploads the build and invalidates the cache.
 * Without that context nothing is uploaded (synth, tests and CI do not need a build), and files
 * uploaded before stay where they are.
 */

/** Context keys read here (on top of infra/config.ts). */
export const WEB_CONTEXT = {
  region: 'webRegion',
  dist: 'customerAppDist',
  domain: 'customerAppDomain',
  certificateArn: 'customerAppCertificateArn',
} as const;

/** Where the web stack goes unless `webRegion` says otherwise: the nearest region with Amazon Location's v2 APIs. */
export const DEFAULT_WEB_REGION = 'ap-southeast-1';

export interface WebHostingConfig {
  region: string;
  /** Absolute path of the built app (a folder with index.html), or undefined: nothing is uploaded. */
  dist: string | undefined;
  /** The app's own domain (e.g. app.petpro.id) and its ACM certificate (us-east-1, as CloudFront requires). */
  domain: { name: string; certificateArn: string } | undefined;
}

export function webHostingConfig(node: Node, config: AppConfig): WebHostingConfig {
  const region = String(node.tryGetContext(WEB_CONTEXT.region) ?? DEFAULT_WEB_REGION);
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
    throw new Error(`context '${WEB_CONTEXT.region}' is not a region: '${region}'`);

  const distContext = node.tryGetContext(WEB_CONTEXT.dist) as string | undefined;
  let dist: string | undefined;
  if (distContext) {
    dist = isAbsolute(distContext) ? distContext : resolve(process.cwd(), distContext);
    const index = join(dist, 'index.html');
    if (!existsSync(index) || !statSync(index).isFile())
      throw new Error(
        `context '${WEB_CONTEXT.dist}' must be the customer app's web build (a folder with index.html); ${index} does not exist. Build it first: npm --prefix frontends/customer run build:web`,
      );
  }

  const name = node.tryGetContext(WEB_CONTEXT.domain) as string | undefined;
  const certificateArn = node.tryGetContext(WEB_CONTEXT.certificateArn) as string | undefined;
  if (Boolean(name) !== Boolean(certificateArn))
    throw new Error(`contexts '${WEB_CONTEXT.domain}' and '${WEB_CONTEXT.certificateArn}' go together (or neither)`);
  if (name) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(name))
      throw new Error(`context '${WEB_CONTEXT.domain}' must be a host name such as app.petpro.id (got '${name}')`);
    if (!/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn!))
      throw new Error(
        `context '${WEB_CONTEXT.certificateArn}' must be an ACM certificate in us-east-1 (CloudFront uses certificates from there only), got '${certificateArn}'`,
      );
    if (!config.allowedOrigins.includes(`https://${name}`))
      throw new Error(
        `the customer app's origin https://${name} must be in context 'allowedOrigins' too (the API's CORS), got: ${config.allowedOrigins.join(', ')}`,
      );
  }
  return { region, dist, domain: name ? { name, certificateArn: certificateArn! } : undefined };
}

/**
 * The app's Content-Security-Policy. Scripts only from the app's own files; inline styles because
 * react-native-web writes its styles into <style> elements; images from anywhere over https (pet
 * and clinic photos come from presigned S3 URLs); calls to the API (execute-api), the uploads
 * bucket and Amazon Location, all on *.amazonaws.com (an API on a custom domain must be added);
 * maplibre's workers from blob: URLs; no framing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self' https://*.amazonaws.com",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Where Expo puts the content-hashed bundles: cached for a year; every other file is revalidated. */
const HASHED_ASSETS = '_expo/static/*';

export interface WebHostingStackProps extends StackProps {
  config: AppConfig;
  web: WebHostingConfig;
}

export class WebHostingStack extends Stack {
  readonly siteBucket: Bucket;
  readonly logs: Bucket;
  readonly distribution: Distribution;
  readonly headers: ResponseHeadersPolicy;
  readonly mapsKey: MapsApiKey;
  /** The uploads of the build (assets, then documents), when `customerAppDist` is set. */
  readonly deployments: BucketDeployment[] = [];
  /** The app's address: its own domain, or the distribution's *.cloudfront.net one. */
  readonly appUrl: string;

  constructor(scope: Construct, id: string, props: WebHostingStackProps) {
    super(scope, id, props);
    const { config, web } = props;
    const removalPolicy = config.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // CloudFront's standard logs are written with an ACL (awslogsdelivery), so this bucket keeps ACLs
    // enabled (object writer); it takes the site bucket's server access logs too.
    this.logs = new Bucket(this, 'Logs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(config.prod ? 365 : 30) }],
      removalPolicy,
      autoDeleteObjects: !config.prod,
    });
    // (cdk-nag's S1 accepts a bucket without access logs when it is the access-log target of another bucket here.)

    this.siteBucket = new Bucket(this, 'Site', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'site/',
      // The files are a build output: rebuilt and uploaded again rather than restored.
      removalPolicy,
      autoDeleteObjects: !config.prod,
    });

    this.headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `petpro-${config.stage}-customer-web`,
      comment: 'PetPro customer app: HSTS, CSP, no framing, no sniffing, referrer origin only',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        // Cross-origin requests carry the page's origin as Referer: the maps key is restricted to it.
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        // X-XSS-Protection: 0 — the legacy filter is itself an attack surface; the CSP protects instead.
        xssProtection: { protection: false, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          {
            header: 'Permissions-Policy',
            value: 'geolocation=(self), camera=(), microphone=(), payment=(), usb=(), interest-cohort=()',
            override: true,
          },
        ],
      },
    });

    const certificate = web.domain
      ? Certificate.fromCertificateArn(this, 'Certificate', web.domain.certificateArn)
      : undefined;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `PetPro ${config.stage} customer app`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.siteBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
      },
      // A single-page app: a path that is no file (S3 answers 403 through OAC without ListBucket, 404
      // otherwise) is a screen of the app (/bookings/…, /payments/{paymentId}): serve index.html.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(0),
      })),
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America, Europe, Asia (Jakarta's edge locations included), Middle East and Africa.
      priceClass: PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
      ...(web.domain && certificate
        ? {
            domainNames: [web.domain.name],
            certificate,
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      "No geo restriction: the app is for Indonesia, but customers travel and Indonesians abroad book for their pets at home; the API's own checks apply wherever the request comes from.",
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'No WAF web ACL on the static app (public, read-only files; a CloudFront web ACL must live in us-east-1 and is billed per rule and request). The API has its own stage and per-route throttling (decision 0024).',
    );
    if (!web.domain) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        `Stage '${config.stage}' has no domain of its own (context customerAppDomain + customerAppCertificateArn): the default *.cloudfront.net certificate cannot pin a minimum TLS version. With a domain the distribution requires TLSv1.2_2021.`,
      );
    }

    this.appUrl = web.domain ? `https://${web.domain.name}` : `https://${this.distribution.distributionDomainName}`;

    this.mapsKey = new MapsApiKey(this, 'MapsKey', {
      keyName: `petpro-${config.stage}-customer-web`,
      description: `PetPro ${config.stage} customer app (web): map tiles and geocoding, from the app's pages only`,
      referers: [
        `https://${this.distribution.distributionDomainName}/*`,
        ...(web.domain ? [`https://${web.domain.name}/*`] : []),
        // Outside prod, developers also run the app locally (http://localhost:5173…) against the stage.
        ...(config.prod ? [] : ['http://localhost:*/*']),
      ],
    });

    if (web.dist) this.addDeployments(web.dist);
    else
      Annotations.of(this).addInfo(
        `No customer app build uploaded: deploy with -c ${WEB_CONTEXT.dist}=frontends/customer/dist after building it (README "Deploy").`,
      );

    new CfnOutput(this, 'CustomerAppUrl', { value: this.appUrl, description: "The customer app's address" });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
    new CfnOutput(this, 'SiteBucketName', { value: this.siteBucket.bucketName });
    new CfnOutput(this, 'MapsApiKeyName', {
      value: this.mapsKey.keyName,
      description: 'aws location describe-key --key-name <this> --query Key --output text (in this stack region)',
    });
    new CfnOutput(this, 'MapStyleUrlWithoutKey', {
      value: mapStyleUrlWithoutKey(this.region),
      description: "EXPO_PUBLIC_MAP_STYLE_URL is this followed by the key's value",
    });
    new CfnOutput(this, 'GeocodeUrlWithoutKey', {
      value: geocodeUrlWithoutKey(this.region),
      description: "Amazon Location Places v2 Geocode (POST), followed by the key's value",
    });
  }

  /**
   * Two uploads of the build: first the content-hashed bundles (cached for a year, never deleted, so a
   * page loaded before a deployment still finds its scripts), then everything else (index.html…,
   * revalidated on every load; stale ones pruned) with one invalidation of the distribution.
   */
  private addDeployments(dist: string): void {
    const source = Source.asset(dist);
    const assets = new BucketDeployment(this, 'DeployAssets', {
      sources: [source],
      destinationBucket: this.siteBucket,
      exclude: ['*'],
      include: [HASHED_ASSETS],
      prune: false,
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
      memoryLimit: 512,
      // The keys of every uploaded file would not fit in a custom resource's 4 KB response.
      outputObjectKeys: false,
    });
    const documents = new BucketDeployment(this, 'DeployDocuments', {
      sources: [source],
      destinationBucket: this.siteBucket,
      exclude: [HASHED_ASSETS],
      prune: true,
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
      outputObjectKeys: false,
    });
    documents.node.addDependency(assets);
    this.deployments.push(assets, documents);

    // Both uploads run in one CDK-provided function (a singleton of the stack).
    const handler = this.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!handler) throw new Error('the BucketDeployment handler was not found in the stack');
    acknowledge(
      handler,
      'AwsSolutions-L1',
      "CDK's BucketDeployment handler: its runtime is chosen by aws-cdk-lib (it runs the AWS CLI layer), not by this project.",
    );
    acknowledge(
      handler,
      `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]`,
      "CDK's BucketDeployment handler role: the AWS managed basic execution policy (its own log streams only) is what aws-cdk-lib attaches.",
    );
    acknowledgeAllWildcards(
      handler,
      'The BucketDeployment handler (aws-cdk-lib) copies the build from the CDK asset bucket into the site bucket: object-level S3 actions on <bucket>/* of those two buckets, the s3:*Object* action groups CDK grants, and cloudfront:CreateInvalidation/GetInvalidation, which have no resource-level scoping in CDK’s grant.',
    );
  }
}

interface PolicyDocumentJson {
  Statement?: { Action?: string | string[]; Resource?: unknown }[];
}

/**
 * cdk-nag's IAM5 names each wildcard action and resource as its own finding (and v3 acknowledges
 * exact ids only, see nag.ts): acknowledges every one in the IAM policies under `owner` — for
 * constructs whose statements this project does not write (CDK's own handlers).
 */
function acknowledgeAllWildcards(owner: IConstruct, reason: string): void {
  owner.node.addValidation({
    validate: () => {
      for (const child of owner.node.findAll()) {
        const documents: PolicyDocumentJson[] = [];
        if (child instanceof CfnPolicy)
          documents.push(Stack.of(child).resolve(child.policyDocument) as PolicyDocumentJson);
        if (child instanceof CfnRole) {
          const inline = (Stack.of(child).resolve(child.policies) ?? []) as { policyDocument: PolicyDocumentJson }[];
          documents.push(...inline.map((policy) => policy.policyDocument));
        }
        for (const statement of documents.flatMap((document) => document.Statement ?? [])) {
          for (const action of ([] as string[]).concat(statement.Action ?? []))
            if (action.includes('*')) acknowledge(child, `AwsSolutions-IAM5[Action::${action}]`, reason);
          for (const resource of ([] as unknown[]).concat(statement.Resource ?? [])) {
            const flat = flattenCfnReference(resource);
            if (flat.includes('*')) acknowledge(child, `AwsSolutions-IAM5[Resource::${flat}]`, reason);
          }
        }
      }
      return [];
    },
  });
}
