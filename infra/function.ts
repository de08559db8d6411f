import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { REPO_ROOT } from '#shared/manifest/registry.ts';
import { ENV } from '#shared/config/env.ts';
import type { Access } from '#shared/manifest/types.ts';
import { LAMBDA_FUNCTION_ID } from '#shared/manifest/construct-names.ts';
import { lambdaBundleOptions } from './lambda-bundle.ts';
import { accessEnvironment, accessStatements, type PlatformResources } from './access.ts';
import { acknowledge, acknowledgeWildcardResources } from './nag.ts';

/** Settings every function of a stage shares. */
export interface FunctionDefaults {
  logRetention: RetentionDays;
  /** Log groups: RETAIN in prod, DESTROY elsewhere. */
  removalPolicy: RemovalPolicy;
}

export interface PetProFunctionProps {
  /** Absolute path of the handler module; it exports `handler`. */
  entry: string;
  /** POWERTOOLS_SERVICE_NAME: the domain (or 'platform-outbox' etc.). */
  service: string;
  description: string;
  access: Access;
  resources: PlatformResources;
  defaults: FunctionDefaults;
  timeout: Duration;
  memorySize?: number;
  /** A log group shared with the other functions of its domain; else the function gets its own. */
  logGroup?: LogGroup;
  /** npm package files copied next to the bundle (manifest route `files`). */
  files?: readonly string[];
}

/** Copies each package file into the bundle's folder after esbuild ran (shippedFile reads it there). */
function copyFiles(files: readonly string[]) {
  const resolveFromRepo = createRequire(join(REPO_ROOT, 'package.json')).resolve;
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) =>
      files.map((file) => `cp "${resolveFromRepo(file)}" "${outputDir}/"`),
  };
}

/** One runtime for dev, tests, the local platform and Lambda (see LOCAL-PLATFORM.md). */
export const LAMBDA_RUNTIME = Runtime.NODEJS_22_X;

/**
 * Source maps as deployed: an external map without sources content next to each bundle, and Node
 * told to use it. `bundlingOptions()` and the function environment read it; so does the benchmark
 * (bench/bundle.ts), which builds and runs handlers with these flags.
 */
export const deployedSourceMaps = {
  sourceMap: true,
  sourcesContent: false,
  nodeOptions: '--enable-source-maps',
} as const;

/** The shared options must stay expressible as NodejsFunction bundling props. */
function checkedBundleOptions(): { target: string; banner: string } {
  const { format, target, banner } = lambdaBundleOptions;
  if (format !== 'esm' || typeof target !== 'string' || !banner?.js) {
    throw new Error('infra/lambda-bundle.ts lambdaBundleOptions must stay ESM with a string target and a JS banner');
  }
  return { target, banner: banner.js };
}

/**
 * NodejsFunction bundling, mapped from `lambdaBundleOptions` (infra/lambda-bundle.ts) so the bytes the
 * benchmark measures are the bytes deployed: minified ESM for node22, SDK bundled
 * (externalModules: []), `require` defined for CommonJS dependencies; plus a source map.
 */
export function bundlingOptions() {
  const { target, banner } = checkedBundleOptions();
  return {
    minify: lambdaBundleOptions.minify ?? true,
    format: OutputFormat.ESM,
    target,
    mainFields: [...(lambdaBundleOptions.mainFields ?? ['module', 'main'])],
    externalModules: [...(lambdaBundleOptions.external ?? [])],
    banner,
    sourceMap: deployedSourceMaps.sourceMap,
    sourceMapMode: SourceMapMode.DEFAULT,
    sourcesContent: deployedSourceMaps.sourcesContent,
    esbuildArgs: Object.fromEntries(
      Object.entries(lambdaBundleOptions.alias ?? {}).map(([from, to]) => [`--alias:${from}`, to]),
    ),
  };
}

/** IAM descriptions accept Latin-1 only (manifest summaries may hold dashes, arrows, …). */
function iamSafe(text: string): string {
  return text
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u2192/g, '->')
    .replace(/[^\t\n\r\x20-\x7E\u00A1-\u00FF]/g, '?');
}

/**
 * A Lambda function for one handler of a manifest: bundled by the local esbuild, ARM64 on
 * Node 22, its own log group, and a role that holds only what `access` declares (plus writing
 * to its own log group — no AWS managed policy).
 */
export class PetProFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PetProFunctionProps) {
    super(scope, id);
    const { access, resources, defaults } = props;

    this.logGroup =
      props.logGroup ??
      new LogGroup(this, 'Logs', { retention: defaults.logRetention, removalPolicy: defaults.removalPolicy });
    const description = iamSafe(props.description);
    // Inline on the role: one resource per function, not two (each stack lives under CloudFormation's 500, decision 0010).
    const statements = [
      new PolicyStatement({
        sid: 'OwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
      ...accessStatements(this, access, resources),
    ];
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${description} (least privilege from the manifest)`.slice(0, 1000),
      inlinePolicies: { access: new PolicyDocument({ statements }) },
    });

    this.function = new NodejsFunction(this, LAMBDA_FUNCTION_ID, {
      entry: props.entry,
      handler: 'handler',
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout,
      description: description.slice(0, 256),
      role: this.role,
      logGroup: this.logGroup,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      bundling: { ...bundlingOptions(), ...(props.files?.length ? { commandHooks: copyFiles(props.files) } : {}) },
      environment: {
        [ENV.serviceName]: props.service,
        NODE_OPTIONS: deployedSourceMaps.nodeOptions,
        ...accessEnvironment(access, resources, this),
      },
    });

    acknowledge(
      this.function,
      'AwsSolutions-L1',
      'Node 22 is the pinned runtime of the whole project: dev, tests, the local platform and the bundle target run on Node 22 (npm node@22). nodejs24.x is adopted for all of them at once, not per function.',
    );
    acknowledgeWildcardResources(this, [
      {
        sid: 'Uploads',
        reason:
          'Object-level S3 actions (GetObject/PutObject) need the <bucket>/* object ARN; only the uploads bucket, only the actions the manifest access declares.',
      },
      {
        sid: 'UserPool',
        reason:
          'Cognito trigger only: the pool references this function, so the function cannot reference the pool ARN (circular); scoped to pools of this account and region, actions from the manifest.',
      },
      {
        sid: 'Search',
        reason:
          'OpenSearch HTTP actions are authorised on <domain ARN>/<path>: paths of the one search domain only, with the HTTP methods the manifest access allows (read: GET/HEAD/POST for _search; readwrite adds PUT/DELETE).',
      },
      {
        sid: 'SagaCallbacks',
        reason:
          'A task token does not say which state machine waits on it: SendTask* is granted on the state machines of this stage only (named <stage prefix>*), to functions whose manifest access declares sagaCallbacks.',
      },
      {
        sid: 'SagaExecutions',
        reason:
          'An execution ARN is arn:...:execution:<state machine name>:<execution name>, the name chosen at StartExecution: DescribeExecution/StopExecution are granted on the executions (<state machine name>:*) of the sagas the manifest access lists, nothing else.',
      },
      {
        sid: 'OneTimeSchedules',
        reason:
          'Schedule names are chosen at run time (one per booking reminder): Create/Update/Get/DeleteSchedule are granted on the schedules of the one PetPro reminders group only (schedule/<group>/*), to functions whose manifest access declares oneTimeSchedules.',
      },
      {
        sid: 'SendSms',
        reason:
          'sns:Publish for SMS to a phone number has no resource ARN; the NoTopics Deny statement in the same policy blocks publishing to any SNS topic.',
      },
    ]);
  }
}
