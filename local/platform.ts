import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFileAtomic } from './json-file.ts';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import {
  loadManifests,
  handlerPath,
  localTaskFunctionName,
  OUTBOX_FORWARDER_ENTRY,
  taskHandlersByFunctionName,
  type LoadedManifest,
} from '#shared/manifest/registry.ts';
import { DEFAULT_PAYMENT_RETURN_URL, ENV } from '#shared/config/env.ts';
import { startDynamo, ensureTable } from './dynamodb.ts';
import { startCognito } from './cognito/server.ts';
import { startS3, S3RVER_CREDENTIALS } from './s3.ts';
import {
  LOCAL_BITESHIP_SECRET,
  LOCAL_MIDTRANS_SECRET,
  LOCAL_WHATSAPP_SECRET,
  LOCAL_XENDIT_SECRET,
  startMessageCapture,
  type CapturedMessage,
} from './messaging.ts';
import { startEventBus } from './event-bus.ts';
import { tailStream } from './stream.ts';
import { startGateway, type DevRoute } from './gateway.ts';
import { startSchedules } from './schedules.ts';
import { startPaymentSandbox, type PaymentSandbox } from './payment-sandbox.ts';
import { startShippingSandbox, type ShippingSandbox } from './shipping-sandbox.ts';
import { startStepFunctions, type LocalStepFunctions } from './step-functions.ts';
import { startScheduler, type LocalScheduler } from './scheduler.ts';
import { createLocalSagas } from './sagas.ts';
import { freePort } from './ports.ts';
import { sendJson } from './http-util.ts';
import { assertDeclaredEmits, declareEmits } from './lambda.ts';
import type { DemoAccount } from './seed.ts';
import { userPoolSettings } from '#shared/auth/user-pool.ts';

/** The account id ARNs carry on the local platform. */
const LOCAL_ACCOUNT_ID = '000000000000';

export interface PlatformOptions {
  /** Where data persists (DynamoDB, Cognito, S3, captured messages, stream checkpoints). */
  dataDir: string;
  /** Gateway port; 0 picks a free one. */
  port: number;
  /** Quieter logs for tests. */
  quiet?: boolean;
  /** Multiplies saga waits and task timeouts (tests: 0.001 makes a 15-minute hold 0.9 s). */
  sagaTimeScale?: number;
  log?: (line: string) => void;
  /** Told as each component is up, with the milliseconds it took (the dev command prints a line each). */
  onComponent?: (component: string, ms: number) => void;
  /** Runs once the table exists, before the gateway answers (the dev command marks the platform as starting there). */
  beforeServing?: () => Promise<void>;
  /** Where the payment page sends the customer back (`{paymentId}` filled in); default as in AWS. */
  paymentReturnUrl?: string;
}

export interface Platform {
  url: string;
  env: Record<string, string>;
  manifests: LoadedManifest[];
  userPoolId: string;
  clientId: string;
  endpoints: {
    dynamodb: string;
    cognito: string;
    s3: string;
    messaging: string;
    events: string;
    payments: string;
    shipping: string;
    stepFunctions: string;
    scheduler: string;
  };
  /** Runs the sagas (same ASL files as CDK deploys) and answers the Step Functions API. */
  stepFunctions: LocalStepFunctions;
  /** The EventBridge Scheduler stand-in (one-time schedules put their event on the bus); `fireDue()` runs what is due without waiting. */
  scheduler: LocalScheduler;
  /** What a saga's `${Placeholder}` for `<domain>.<task>` becomes here (CDK puts the function's ARN). */
  taskFunctionArn(domain: string, task: string): string;
  messages(): CapturedMessage[];
  /** The Midtrans/Xendit stand-in: `pay()` settles an attempt and sends the provider's webhook. */
  paymentSandbox: PaymentSandbox;
  /** The Biteship stand-in (JNE, SiCepat, Grab): `advance()` moves a waybill's tracking on and sends Biteship's webhook. */
  shippingSandbox: ShippingSandbox;
  /** Demo accounts shown at /dev/accounts (set by the seeding step). */
  accounts: DemoAccount[];
  /** Waits until every queued event was delivered. */
  eventsIdle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Boots the whole platform on this machine, with no AWS account and no Docker, from the same
 * manifests, table definition and handlers that CDK deploys. Production code has no "if local":
 * this sets the environment (AWS_ENDPOINT_URL_<SERVICE>, table, pool, bucket) as CDK does in AWS.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const log = options.log ?? ((line: string) => console.log(line));
  mkdirSync(options.dataDir, { recursive: true });
  const [dynamoPort, cognitoPort, s3Port, messagingPort, eventsPort, paymentsPort, sagasPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const [schedulerPort, shippingPort] = await Promise.all([freePort(), freePort()]);
  const stops: (() => Promise<void>)[] = [];
  let lastUp = Date.now();
  const up = (component: string) => {
    const now = Date.now();
    options.onComponent?.(component, now - lastUp);
    lastUp = now;
  };
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => log(`[stop] ${String(error)}`));
    stops.length = 0;
  };

  try {
    const manifests = await loadManifests();
    declareEmits(manifests);
    up('manifests');
    const tableName = 'petpro-local';
    const busName = 'petpro-local';
    const reminderGroup = 'petpro-local-reminders';
    const uploadsBucket = 'petpro-uploads-local';

    const dynamo = await startDynamo({ port: dynamoPort, dataDir: join(options.dataDir, 'dynamodb') });
    stops.push(() => dynamo.stop());
    await ensureTable(dynamo.endpoint, tableName);
    up('DynamoDB Local');

    const s3 = await startS3({ port: s3Port, dataDir: join(options.dataDir, 's3'), buckets: [uploadsBucket] });
    stops.push(() => s3.stop());
    const messaging = await startMessageCapture({ port: messagingPort, file: join(options.dataDir, 'outbox.json') });
    stops.push(() => messaging.stop());
    // Webhooks go to the gateway, which starts later.
    let gatewayUrl = '';
    const paymentSandbox = await startPaymentSandbox({
      port: paymentsPort,
      dataFile: join(options.dataDir, 'payment-sandbox.json'),
      apiBaseUrl: () => gatewayUrl,
      ...(options.quiet ? {} : { log }),
    });
    stops.push(() => paymentSandbox.stop());
    const shippingSandbox = await startShippingSandbox({
      port: shippingPort,
      dataFile: join(options.dataDir, 'shipping-sandbox.json'),
      apiBaseUrl: () => gatewayUrl,
      ...(options.quiet ? {} : { log }),
    });
    stops.push(() => shippingSandbox.stop());
    up('S3, messages, payment and shipping sandboxes');

    const env: Record<string, string> = {
      AWS_REGION: 'ap-southeast-3',
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamo.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_SESV2: messaging.endpoint,
      AWS_ENDPOINT_URL_SNS: messaging.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: messaging.endpoint,
      [ENV.twilioApiUrl]: messaging.endpoint,
      [ENV.whatsappSecretId]: LOCAL_WHATSAPP_SECRET.id,
      [ENV.midtransSecretId]: LOCAL_MIDTRANS_SECRET.id,
      [ENV.xenditSecretId]: LOCAL_XENDIT_SECRET.id,
      [ENV.midtransSnapUrl]: paymentSandbox.endpoint,
      [ENV.midtransApiUrl]: paymentSandbox.endpoint,
      [ENV.xenditApiUrl]: paymentSandbox.endpoint,
      [ENV.biteshipSecretId]: LOCAL_BITESHIP_SECRET.id,
      [ENV.biteshipApiUrl]: shippingSandbox.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${eventsPort}`,
      AWS_ENDPOINT_URL_SFN: `http://127.0.0.1:${sagasPort}`,
      AWS_ENDPOINT_URL_SCHEDULER: `http://127.0.0.1:${schedulerPort}`,
      // As in AWS by default (context paymentReturnUrl): the sandbox page links back to it; `npm run dev`
      // points it at the customer app it serves.
      [ENV.paymentReturnUrl]: options.paymentReturnUrl ?? DEFAULT_PAYMENT_RETURN_URL,
      [ENV.tableName]: tableName,
      // As CDK generates one per stage: cursors of this data folder keep working across restarts.
      [ENV.cursorKey]: localCursorKey(options.dataDir),
      [ENV.eventBusName]: busName,
      [ENV.eventBusArn]: `arn:aws:events:ap-southeast-3:${LOCAL_ACCOUNT_ID}:event-bus/${busName}`,
      [ENV.oneTimeScheduleGroup]: reminderGroup,
      // Not assumed locally (the stand-in checks only that it is a role ARN).
      [ENV.oneTimeScheduleRoleArn]: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/petpro-local-scheduler`,
      [ENV.uploadsBucket]: uploadsBucket,
      [ENV.emailFrom]: 'PetPro <no-reply@petpro.local>',
      [ENV.s3ForcePathStyle]: 'true',
      // Every handler runs in this process, so indexer and queries share one embedded index.
      [ENV.searchEngine]: 'embedded',
      POWERTOOLS_LOG_LEVEL: options.quiet ? 'ERROR' : (process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN'),
    };
    Object.assign(process.env, env);

    // Cognito's triggers are the identity domain's handlers, named in its manifest.
    const triggers: Record<string, string> = {};
    for (const loaded of manifests) {
      for (const spec of Object.values(loaded.manifest.userPoolTriggers ?? {}))
        triggers[spec.trigger] = handlerPath(loaded, spec.handler);
    }
    const cognito = await startCognito({ dataDir: join(options.dataDir, 'cognito'), port: cognitoPort, triggers });
    stops.push(() => cognito.stop());
    up('Cognito');
    Object.assign(env, {
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito.endpoint,
      [ENV.userPoolId]: cognito.userPoolId,
      [ENV.userPoolClientId]: cognito.clientId,
    });
    Object.assign(process.env, env);

    const bus = await startEventBus({ port: eventsPort, busName, manifests, log });
    stops.push(() => bus.stop());
    // One-time schedules persist in the data dir and fire on the bus at their time (overdue ones right away).
    const scheduler = await startScheduler({
      port: schedulerPort,
      dataFile: join(options.dataDir, 'scheduler.json'),
      region: 'ap-southeast-3',
      accountId: LOCAL_ACCOUNT_ID,
      groups: [reminderGroup],
      eventsEndpoint: bus.endpoint,
      log,
    });
    stops.push(() => scheduler.stop());
    // Events the stream handed to the bus but the bus had not delivered when the last run was killed: again.
    const checkpointFile = join(options.dataDir, 'stream-checkpoints.json');
    rewindToDelivered(checkpointFile);
    const stream = await tailStream({
      endpoint: dynamo.endpoint,
      tableName,
      handlerFile: OUTBOX_FORWARDER_ENTRY,
      checkpointFile,
      log,
    });
    stops.push(() => stream.stop());
    stops.push(keepDeliveredCheckpoint(checkpointFile, bus));
    up('event bus, scheduler, table stream');
    await options.beforeServing?.();

    const verifier = CognitoJwtVerifier.create({
      userPoolId: cognito.userPoolId,
      tokenUse: 'access',
      clientId: cognito.clientId,
      scope: userPoolSettings.accessTokenScope,
    });
    verifier.cacheJwks(cognito.jwks as Parameters<typeof verifier.cacheJwks>[0]);

    const platform = {} as Platform;
    const devRoutes: Record<string, DevRoute> = {
      '/dev/outbox': (request, response, url) => {
        const to = url.searchParams.get('to');
        const items = messaging.messages().filter((message) => !to || message.to === to);
        sendJson(response, 200, { items });
      },
      '/dev/accounts': (_request, response) => sendJson(response, 200, platform.accounts),
      '/dev/dead-letters': (_request, response) => sendJson(response, 200, { items: bus.deadLetters() }),
      ...paymentSandbox.devRoutes,
      ...shippingSandbox.devRoutes,
    };
    const gateway = await startGateway({
      port: options.port,
      manifests,
      verifyToken: async (token) => (await verifier.verify(token)) as unknown as Record<string, unknown>,
      devRoutes,
      ...(options.quiet ? {} : { log }),
    });
    stops.push(() => gateway.stop());
    up('HTTP gateway');
    const taskHandlers = taskHandlersByFunctionName(manifests);
    const stepFunctions = await startStepFunctions({
      port: sagasPort,
      region: env.AWS_REGION,
      accountId: LOCAL_ACCOUNT_ID,
      timeScale: options.sagaTimeScale ?? 1,
      log,
      resolveFunction: (nameOrArn) =>
        taskHandlers.get(nameOrArn.replace(/^arn:[^:]+:lambda:[^:]+:\d{12}:function:/, '').replace(/:[^:]+$/, '')),
    });
    stops.push(() => stepFunctions.stop());
    up('Step Functions');
    const taskFunctionArn = (domain: string, task: string) =>
      `arn:aws:lambda:${env.AWS_REGION}:${LOCAL_ACCOUNT_ID}:function:${localTaskFunctionName(domain, task)}`;
    // The manifests' sagas, from their ASL files; their ARNs go to the handlers' environment (SAGA_<DOMAIN>_<SAGA>_ARN).
    Object.assign(env, createLocalSagas({ manifests, stepFunctions, taskFunctionArn }));
    const schedules = await startSchedules({ manifests, log });
    stops.push(() => schedules.stop());
    up('schedules (search index rebuilt)');
    env[ENV.apiBaseUrl] = gateway.url;
    gatewayUrl = gateway.url;
    process.env[ENV.apiBaseUrl] = gateway.url;

    Object.assign(platform, {
      url: gateway.url,
      env,
      manifests,
      userPoolId: cognito.userPoolId,
      clientId: cognito.clientId,
      endpoints: {
        dynamodb: dynamo.endpoint,
        cognito: cognito.endpoint,
        s3: s3.endpoint,
        messaging: messaging.endpoint,
        events: bus.endpoint,
        payments: paymentSandbox.endpoint,
        shipping: shippingSandbox.endpoint,
        stepFunctions: stepFunctions.endpoint,
        scheduler: scheduler.endpoint,
      },
      stepFunctions,
      scheduler,
      taskFunctionArn,
      messages: () => messaging.messages(),
      paymentSandbox,
      shippingSandbox,
      accounts: [],
      // Settled = the stream has nothing new, the bus delivered everything, and that delivery wrote no new events.
      async eventsIdle(timeoutMs = 30_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const delivered = bus.deliveries();
          await stream.caughtUp(Math.max(1, deadline - Date.now()));
          await bus.idle(Math.max(1, deadline - Date.now()));
          if (bus.deliveries() === delivered) return;
        }
      },
      // A handler that emitted an event its manifest entry does not declare fails the suite that ran it.
      stop: async () => {
        await stopAll();
        assertDeclaredEmits();
      },
    });
    return platform;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The local stage's pagination cursor key: made once per data folder, like CDK's generated secret. */
function localCursorKey(dataDir: string): string {
  const file = join(dataDir, 'cursor-key');
  if (!existsSync(file)) writeFileAtomic(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/**
 * The stream checkpoint up to which the bus has delivered every event. The stream saves its
 * checkpoint once the bus has taken a batch; the bus keeps its queues in memory (SQS would keep
 * them), so after a kill -9 the next start goes back to this one and hands over what was in
 * flight again — subscribers are idempotent, as with SQS's at-least-once delivery.
 */
const deliveredFile = (checkpointFile: string) => checkpointFile.replace(/\.json$/, '.delivered.json');

function rewindToDelivered(checkpointFile: string): void {
  const delivered = deliveredFile(checkpointFile);
  if (existsSync(delivered)) writeFileAtomic(checkpointFile, readFileSync(delivered));
  // Cut off mid-write: read the stream from its start (every event again, idempotently).
  else if (existsSync(checkpointFile)) rmSync(checkpointFile);
}

function keepDeliveredCheckpoint(
  checkpointFile: string,
  bus: { idle(timeoutMs?: number): Promise<void> },
): () => Promise<void> {
  let stopped = false;
  let saved = '';
  let taken = 0;
  let savedTaken = 0;
  const saveOnceDelivered = async (idleMs: number) => {
    const snapshot = existsSync(checkpointFile) ? readFileSync(checkpointFile, 'utf8') : '';
    const order = ++taken;
    try {
      await bus.idle(idleMs);
      if (!snapshot || snapshot === saved || order < savedTaken) return;
      JSON.parse(snapshot);
      writeFileAtomic(deliveredFile(checkpointFile), snapshot);
      saved = snapshot;
      savedTaken = order;
    } catch {
      // Busy all along, or caught the stream writing the file: next round.
    }
  };
  void (async () => {
    while (!stopped) {
      await saveOnceDelivered(10_000);
      await new Promise((resolve) => setTimeout(resolve, 500).unref());
    }
  })();
  return async () => {
    stopped = true;
    // A graceful stop: what was delivered by now is not handed over again at the next start.
    await saveOnceDelivered(2_000);
  };
}
