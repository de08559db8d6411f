import { App, type AppProps } from 'aws-cdk-lib';
import type { AwsSolutionsChecks } from 'cdk-nag';
import type { LoadedManifest } from '#shared/manifest/registry.ts';
import { ApiStack } from './api-stack.ts';
import { configFromContext, type AppConfig } from './config.ts';
import { addNagChecks } from './nag.ts';
import { StatefulStack, functionDefaults } from './stateful-stack.ts';
import { WebHostingStack, webHostingConfig } from './web-hosting-stack.ts';

export interface BuildAppOptions {
  /** The domains, from `await loadManifests()`. */
  manifests: readonly LoadedManifest[];
  /** An existing app (the CLI entry); otherwise one is created with `context`/`outdir`. */
  app?: App;
  /** Context for a new app: stage, region, emailFrom, allowedOrigins, … (see config.ts). */
  context?: Record<string, unknown>;
  outdir?: string;
  /** AWS account for the stacks' env; undefined keeps them account-agnostic (offline synth). */
  account?: string;
  /** Register cdk-nag AwsSolutions checks (default true). */
  nag?: boolean;
}

export interface PetProApp {
  app: App;
  config: AppConfig;
  data: StatefulStack;
  api: ApiStack;
  /** The customer app's web hosting and its maps key (own region, decision 0035). */
  web: WebHostingStack;
  checks: AwsSolutionsChecks | undefined;
}

/**
 * - Server access logs are delivered by the logging service principal through a bucket policy
 *   (AWS's recommendation) instead of the legacy LogDeliveryWrite ACL.
 * - Cross-stack references stay strong (Fn::ImportValue): the data stack cannot be deleted
 *   while the API stack uses it — the protection we want for the stateful stack.
 */
export const FEATURE_FLAGS: Readonly<Record<string, unknown>> = {
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
};

/** Stack names: PetPro-<stage>-Data, PetPro-<stage>-Api and PetPro-<stage>-Web. */
export function stackNames(stage: string): { data: string; api: string; web: string } {
  return { data: `PetPro-${stage}-Data`, api: `PetPro-${stage}-Api`, web: `PetPro-${stage}-Web` };
}

/** Builds the whole CDK app without running the CLI (infra/app.ts and the tests call this). */
export function buildApp(options: BuildAppOptions): PetProApp {
  const appProps: AppProps = {
    ...(options.context ? { context: options.context } : {}),
    ...(options.outdir ? { outdir: options.outdir } : {}),
  };
  const app = options.app ?? new App(appProps);
  // Feature flags the stacks rely on, set here (not only in cdk.json) so tests build the same app.
  for (const [flag, value] of Object.entries(FEATURE_FLAGS)) {
    if (app.node.tryGetContext(flag) === undefined) app.node.setContext(flag, value);
  }
  const config = configFromContext(app.node, options.account);
  const env = { account: config.account, region: config.region };
  const names = stackNames(config.stage);
  const tags = { project: 'petpro', stage: config.stage };

  const data = new StatefulStack(app, names.data, {
    stackName: names.data,
    description: `PetPro ${config.stage}: table, user pool, event bus, buckets, search domain (stateful)`,
    env,
    tags,
    terminationProtection: config.prod,
    config,
    manifests: options.manifests,
  });

  const api = new ApiStack(app, names.api, {
    stackName: names.api,
    description: `PetPro ${config.stage}: HTTP API, functions, rules and queues from the domain manifests (stateless)`,
    env,
    tags,
    config,
    manifests: options.manifests,
    defaults: functionDefaults(config),
    table: data.table,
    bus: data.bus,
    uploads: data.uploads,
    userPool: data.userPool,
    userPoolClient: data.userPoolClient,
    whatsappSecret: data.whatsappSecret,
    midtransSecret: data.midtransSecret,
    xenditSecret: data.xenditSecret,
    biteshipSecret: data.biteshipSecret,
    cursorKey: data.cursorKey,
    search: data.searchDomain,
    searchAdminRole: data.searchAdminRole,
    oneTimeSchedules: data.oneTimeSchedules,
  });

  // No reference to the other stacks (another region): the app gets the API URL at build time (README "Deploy").
  const webConfig = webHostingConfig(app.node, config);
  const web = new WebHostingStack(app, names.web, {
    stackName: names.web,
    description: `PetPro ${config.stage}: the customer app's web build (S3 + CloudFront) and its Amazon Location key`,
    env: { account: config.account, region: webConfig.region },
    tags,
    terminationProtection: config.prod,
    config,
    web: webConfig,
  });

  const checks = options.nag === false ? undefined : addNagChecks(app);
  return { app, config, data, api, web, checks };
}
