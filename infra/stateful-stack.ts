import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, StreamViewType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  UserPoolGroup,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnResourcePolicy, LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { EbsDeviceVolumeType } from 'aws-cdk-lib/aws-ec2';
import {
  AccountRootPrincipal,
  CompositePrincipal,
  PolicyDocument,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { Domain, EngineVersion, TLSSecurityPolicy, type CfnDomain } from 'aws-cdk-lib/aws-opensearchservice';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { tableDefinition } from '#shared/table/definition.ts';
import { GROUPS, GROUP_DESCRIPTIONS } from '#shared/auth/groups.ts';
import type { LoadedManifest } from '#shared/manifest/registry.ts';
import type { AppConfig } from './config.ts';
import type { FunctionDefaults } from './function.ts';
import { acknowledge, acknowledgeWildcardResources } from './nag.ts';
import { UserPoolTriggers } from './user-pool-triggers.ts';
import { OneTimeScheduleResources } from './one-time-schedules.ts';
import { userPoolSettings } from '#shared/auth/user-pool.ts';
import { secretNames } from '#shared/config/env.ts';

export interface StatefulStackProps extends StackProps {
  config: AppConfig;
  manifests: readonly LoadedManifest[];
}

/** Defaults for every function of a stage (log retention, what happens to logs on delete). */
export function functionDefaults(config: AppConfig): FunctionDefaults {
  return {
    logRetention: config.prod ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS,
    removalPolicy: config.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  };
}

/**
 * Everything that holds data: the table, the user pool, the event bus and the buckets.
 * Deployed first and rarely; the stateless stack receives these constructs as props.
 * The Cognito trigger functions live here too (see user-pool-triggers.ts for why).
 */
export class StatefulStack extends Stack {
  readonly table: TableV2;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly bus: EventBus;
  readonly uploads: Bucket;
  readonly accessLogs: Bucket;
  readonly whatsappSecret: Secret;
  readonly midtransSecret: Secret;
  readonly xenditSecret: Secret;
  readonly biteshipSecret: Secret;
  /** What pagination cursors are sealed with (shared/lib/sealed-cursor.ts). */
  readonly cursorKey: Secret;
  readonly searchDomain: Domain;
  /** The fine-grained access control master: operators assume it to administer the domain. */
  readonly searchAdminRole: Role;
  /** One-time schedules' group (pending reminders are data) and the role Scheduler runs them with. */
  readonly oneTimeSchedules: OneTimeScheduleResources;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;
    const removalPolicy = config.prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // ---- Table: the one shape from shared/table/definition.ts ----
    const { partitionKey, sortKey, globalIndexes, timeToLiveAttribute, stream } = tableDefinition;
    this.table = new TableV2(this, 'Table', {
      partitionKey: { name: partitionKey, type: AttributeType.STRING },
      sortKey: { name: sortKey, type: AttributeType.STRING },
      globalSecondaryIndexes: Object.entries(globalIndexes).map(([indexName, index]) => ({
        indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
      billing: Billing.onDemand(),
      timeToLiveAttribute,
      dynamoStream: StreamViewType[stream],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: config.prod,
      removalPolicy,
    });

    // ---- Event bus ----
    this.bus = new EventBus(this, 'Bus', { eventBusName: `petpro-${config.stage}` });
    this.oneTimeSchedules = new OneTimeScheduleResources(this, 'OneTimeSchedules', {
      stage: config.stage,
      bus: this.bus,
      removalPolicy,
    });

    // ---- Buckets ----
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(config.prod ? 365 : 30) }],
      removalPolicy,
      autoDeleteObjects: !config.prod,
    });
    acknowledge(
      this.accessLogs,
      'AwsSolutions-S1',
      'This is the server-access-log destination bucket; logging it into itself (or another bucket) would recurse without adding an audit trail.',
    );

    this.uploads = new Bucket(this, 'Uploads', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Versioned so an overwritten or deleted photo/document can be restored for a while.
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'uploads/',
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { noncurrentVersionExpiration: Duration.days(30) },
      ],
      // Browsers PUT to presigned URLs from the web apps, and may fetch what they uploaded.
      cors: [
        {
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
          allowedOrigins: config.allowedOrigins,
          allowedHeaders: ['content-type', 'content-md5', 'x-amz-*'],
          exposedHeaders: ['etag'],
          maxAge: 3000,
        },
      ],
      removalPolicy,
      autoDeleteObjects: !config.prod,
    });

    // ---- Provider credentials: created with placeholders, values set by the operator (README) ----
    this.whatsappSecret = new Secret(this, 'WhatsAppSecret', {
      secretName: secretNames.whatsapp(config.stage),
      description: 'Twilio credentials of the WhatsApp sender: {"accountSid","authToken","fromNumber"}',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ accountSid: 'SET-ME', fromNumber: 'SET-ME' }),
        generateStringKey: 'authToken',
      },
      removalPolicy,
    });
    acknowledge(
      this.whatsappSecret,
      'AwsSolutions-SMG4',
      'A third-party (Twilio) credential: it is rotated in the Twilio console and then set here; AWS cannot rotate it. The sender re-reads it every five minutes.',
    );

    // Empty keys, so a reader fails loudly until the operator sets them. CDK needs a generated
    // key with a template; it is dropped when the operator writes the real JSON.
    const providerSecret = (id: string, name: string, provider: string, keys: readonly string[]) => {
      const secret = new Secret(this, id, {
        secretName: name,
        description: `${provider} keys: {${keys.map((key) => `"${key}"`).join(',')}}`,
        generateSecretString: {
          secretStringTemplate: JSON.stringify(Object.fromEntries(keys.map((key) => [key, '']))),
          generateStringKey: 'placeholder',
        },
        removalPolicy,
      });
      acknowledge(
        secret,
        'AwsSolutions-SMG4',
        `Provider-issued (${provider}) keys: they are rotated in the ${provider} dashboard and then set here; AWS cannot rotate them. Readers re-read them every five minutes.`,
      );
      return secret;
    };
    this.midtransSecret = providerSecret('MidtransSecret', secretNames.midtrans(config.stage), 'Midtrans', [
      'serverKey',
      'clientKey',
    ]);
    this.xenditSecret = providerSecret('XenditSecret', secretNames.xendit(config.stage), 'Xendit', [
      'secretKey',
      'callbackToken',
    ]);
    // Shipping (JNE, SiCepat, Grab through Biteship): the API key, and the value of the header the webhook carries.
    this.biteshipSecret = providerSecret('BiteshipSecret', secretNames.biteship(config.stage), 'Biteship', [
      'apiKey',
      'webhookSecret',
    ]);

    // Generated here, never set by hand: replacing it only makes the cursors already given out invalid (a 400, then page 1).
    this.cursorKey = new Secret(this, 'CursorKey', {
      secretName: secretNames.cursorKey(config.stage),
      description: 'Key that seals pagination cursors (opaque, bound to their listing); generated, no operator action',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy,
    });
    acknowledge(
      this.cursorKey,
      'AwsSolutions-SMG4',
      'Seals pagination cursors only (no data access): rotating means redeploying the functions, which invalidates the cursors in flight; rotate by replacing the secret value and redeploying (decision 0024).',
    );

    // ---- Cognito ----
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `petpro-${config.stage}`,
      selfSignUpEnabled: true,
      // Email or phone number is the username; no separate username.
      signInAliases: { email: true, phone: true, username: false },
      signInCaseSensitive: false,
      // The identity domain sends codes itself (through notifications) and confirms with
      // AdminConfirmSignUp: Cognito sends no email or SMS, so it needs no SMS role either.
      autoVerify: { email: false, phone: false },
      enableSmsRole: false,
      accountRecovery: AccountRecovery.NONE,
      passwordPolicy: { ...userPoolSettings.password },
      standardAttributes: { fullname: { required: false, mutable: true } },
      customAttributes: {
        [userPoolSettings.localeAttribute.name]: new StringAttribute({
          minLen: userPoolSettings.localeAttribute.minLength,
          maxLen: userPoolSettings.localeAttribute.maxLength,
          mutable: true,
        }),
      },
      mfa: Mfa.OFF,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: config.prod,
      removalPolicy,
    });
    acknowledge(
      this.userPool,
      'AwsSolutions-COG1',
      'Password policy is min 8 with upper, lower and digit, matching the sign-up validation in functions/identity/manifest.ts; symbols are not required (product decision: passwordless OTP is the main sign-in).',
    );
    acknowledge(
      this.userPool,
      'AwsSolutions-COG2',
      'MFA is off: sign-in is passwordless OTP (a possession factor) or password; the API does not yet expose MFA enrolment or MFA challenges.',
    );
    acknowledge(
      this.userPool,
      'AwsSolutions-COG8',
      'Essentials feature plan: Plus (threat protection / advanced security) is priced per MAU and not justified yet; revisit before a public launch.',
    );

    for (const group of GROUPS) {
      new UserPoolGroup(this, `Group-${group}`, {
        userPool: this.userPool,
        groupName: group,
        description: GROUP_DESCRIPTIONS[group],
      });
    }

    this.userPoolClient = this.userPool.addClient('ApiClient', {
      userPoolClientName: `petpro-${config.stage}-api`,
      generateSecret: false,
      // USER_PASSWORD_AUTH + CUSTOM_AUTH (passwordless OTP); refresh is always allowed.
      authFlows: {
        userPassword: userPoolSettings.authFlows.includes('USER_PASSWORD_AUTH'),
        custom: userPoolSettings.authFlows.includes('CUSTOM_AUTH'),
      },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.minutes(userPoolSettings.accessTokenMinutes),
      idTokenValidity: Duration.minutes(userPoolSettings.idTokenMinutes),
      refreshTokenValidity: Duration.days(userPoolSettings.refreshTokenDays),
      authSessionValidity: Duration.minutes(userPoolSettings.authSessionMinutes),
    });

    // ---- Search: OpenSearch Service domain (docs/decisions/0007) ----
    const search = this.addSearchDomain(config, removalPolicy);
    this.searchDomain = search.domain;
    this.searchAdminRole = search.adminRole;

    new UserPoolTriggers(this, 'Triggers', {
      manifests: props.manifests,
      userPool: this.userPool,
      resources: { table: this.table, bus: this.bus, uploads: this.uploads, emailFrom: config.emailFrom },
      defaults: functionDefaults(config),
    });

    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
    new CfnOutput(this, 'UploadsBucketName', { value: this.uploads.bucketName });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'SearchEndpoint', { value: `https://${this.searchDomain.domainEndpoint}` });
    new CfnOutput(this, 'SearchAdminRoleArn', { value: this.searchAdminRole.roleArn });
  }

  private addSearchDomain(config: AppConfig, removalPolicy: RemovalPolicy): { domain: Domain; adminRole: Role } {
    const capacity = config.search;
    const domainName = `petpro-${config.stage}`;
    // Built from the name, not the domain's Arn attribute: the domain's own access policy and the
    // log policy it depends on cannot reference it.
    const domainArn = this.formatArn({ service: 'es', resource: 'domain', resourceName: domainName });
    const { logRetention, removalPolicy: logRemoval } = functionDefaults(config);
    const logGroup = (id: string) => new LogGroup(this, id, { retention: logRetention, removalPolicy: logRemoval });
    const logs = {
      slowSearch: logGroup('SearchSlowSearchLogs'),
      slowIndex: logGroup('SearchSlowIndexLogs'),
      app: logGroup('SearchAppLogs'),
    };

    // Log delivery as a plain AWS::Logs::ResourcePolicy (the L2 would add a custom-resource Lambda),
    // for this domain only (confused-deputy conditions).
    const logPolicy = new CfnResourcePolicy(this, 'SearchLogsPolicy', {
      policyName: `petpro-${config.stage}-search-logs`,
      policyDocument: this.toJsonString(
        new PolicyDocument({
          statements: [
            new PolicyStatement({
              principals: [new ServicePrincipal('es.amazonaws.com')],
              actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: Object.values(logs).map((group) => group.logGroupArn),
              conditions: {
                StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
                ArnLike: { 'aws:SourceArn': domainArn },
              },
            }),
          ],
        }),
      ),
    });

    const adminRole = new Role(this, 'SearchAdmin', {
      // Operators assume it; the SearchAccess function (Api stack) runs as it to map roles after each deployment.
      assumedBy: new CompositePrincipal(new AccountRootPrincipal(), new ServicePrincipal('lambda.amazonaws.com')),
      description: `OpenSearch fine-grained access control master of ${domainName}: operators assume it to manage indexes, roles and role mappings`,
    });
    adminRole.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'SearchAdmin',
        actions: [
          'es:ESHttpGet',
          'es:ESHttpHead',
          'es:ESHttpPost',
          'es:ESHttpPut',
          'es:ESHttpPatch',
          'es:ESHttpDelete',
        ],
        resources: [`${domainArn}/*`],
      }),
    );
    acknowledgeWildcardResources(adminRole, [
      {
        sid: 'SearchAdmin',
        reason:
          'OpenSearch HTTP actions are authorised on <domain ARN>/<path>: the master role administers every path of this one domain, and nothing else.',
      },
    ]);

    const multiAz = capacity.availabilityZones > 1;
    const domain = new Domain(this, 'Search', {
      domainName,
      version: EngineVersion.OPENSEARCH_2_19,
      capacity: {
        dataNodes: capacity.dataNodes,
        dataNodeInstanceType: capacity.dataNodeInstanceType,
        ...(capacity.masterNodes > 0
          ? { masterNodes: capacity.masterNodes, masterNodeInstanceType: capacity.masterNodeInstanceType }
          : {}),
        multiAzWithStandbyEnabled: false,
      },
      zoneAwareness: multiAz
        ? { enabled: true, availabilityZoneCount: capacity.availabilityZones }
        : { enabled: false },
      ebs: { volumeSize: capacity.volumeGiB, volumeType: EbsDeviceVolumeType.GP3 },
      encryptionAtRest: { enabled: true },
      nodeToNodeEncryption: true,
      enforceHttps: true,
      tlsSecurityPolicy: TLSSecurityPolicy.TLS_1_2_PFS,
      // IAM master (no password, no internal users): every caller signs with SigV4.
      fineGrainedAccessControl: { masterUserArn: adminRole.roleArn },
      logging: {
        slowSearchLogEnabled: true,
        slowSearchLogGroup: logs.slowSearch,
        slowIndexLogEnabled: true,
        slowIndexLogGroup: logs.slowIndex,
        appLogEnabled: true,
        appLogGroup: logs.app,
      },
      suppressLogsResourcePolicy: true,
      enableVersionUpgrade: true,
      removalPolicy,
    });
    domain.node.addDependency(logPolicy);

    // Set on the L1: the L2's accessPolicies are applied by a custom-resource Lambda after
    // creation. Only this account's principals, and only those whose IAM policy allows it.
    (domain.node.defaultChild as CfnDomain).accessPolicies = new PolicyDocument({
      statements: [
        new PolicyStatement({
          principals: [new AccountRootPrincipal()],
          actions: ['es:ESHttp*'],
          resources: [`${domainArn}/*`],
        }),
      ],
    });

    acknowledge(
      domain,
      'AwsSolutions-OS1',
      "Not in a VPC: the functions run outside any VPC (no NAT cost, no ENI cold starts). Every request is SigV4-signed, the domain policy admits only this account's principals whose IAM policy grants es:ESHttp* on this domain, and fine-grained access control maps them to roles.",
    );
    acknowledge(
      domain,
      'AwsSolutions-OS3',
      'No IP allowlist: callers are Lambda functions outside a VPC, with no fixed source addresses. Access is by IAM identity (SigV4) instead: account principals only, then fine-grained access control.',
    );
    if (capacity.masterNodes === 0) {
      acknowledge(
        domain,
        'AwsSolutions-OS4',
        `Stage '${config.stage}' runs a single small data node to keep the cost of a non-production stage low; prod has three dedicated masters (infra/config.ts SEARCH_CAPACITY).`,
      );
    }
    if (!multiAz) {
      acknowledge(
        domain,
        'AwsSolutions-OS7',
        `Stage '${config.stage}' runs a single data node (no replica to place in another zone); prod spreads data nodes over two zones (infra/config.ts SEARCH_CAPACITY). The index is rebuilt from the table if lost.`,
      );
    }
    return { domain, adminRole };
  }
}
