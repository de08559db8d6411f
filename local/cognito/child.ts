/**
 * Entry of the cognito child process started by server.ts (cwd = the data directory, IPC channel
 * open). Builds cognito-local's server the way its createDefaultServer does, but with the data in
 * `<cwd>/.cognito`, triggers from local modules instead of Lambda, and the patches installed.
 * Exits as soon as the parent goes away (IPC channel or stdin closed).
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import { CustomAuth } from './custom-auth.ts';
import { makeUserPoolWritesAtomic } from './durable-files.ts';
import { cognitoLocal, type Services } from './internals.ts';
import { installPatches } from './patches.ts';
import type { ChildMessage, ParentMessage, StartMessage } from './protocol.ts';
import { issuerDomain, provision, writeConfig } from './provision.ts';
import { TriggerModules } from './triggers.ts';

let server: Server | undefined;
let stopping = false;

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

function shutdown(code: number): void {
  if (stopping) return;
  stopping = true;
  if (!server) process.exit(code);
  server.close(() => process.exit(code));
  server.closeAllConnections();
  setTimeout(() => process.exit(code), 2_000).unref();
}

async function start(options: StartMessage): Promise<void> {
  const configDir = join(process.cwd(), '.cognito');
  const dataDir = join(configDir, 'db');
  const logger = cognitoLocal.pino({ level: options.logLevel, base: { service: 'cognito' } });
  const ctx = { logger };
  makeUserPoolWritesAtomic();

  await writeConfig(configDir, options.region);
  const config = await cognitoLocal.config.loadConfig(ctx, new cognitoLocal.stormDb.StormDBDataStoreFactory(configDir));
  config.TokenConfig = { ...config.TokenConfig, IssuerDomain: issuerDomain(options.region) };
  // New pools are configured explicitly (provision.ts). Left at cognito-local's default
  // (UsernameAttributes [email]), SignUp with a PreSignUp trigger would copy a phone username into `email`.
  config.UserPoolDefaults = {};

  const triggerModules = await TriggerModules.load(options.triggers, options.region);
  const clock = new cognitoLocal.clock.DateClock();
  const dataStoreFactory = new cognitoLocal.stormDb.StormDBDataStoreFactory(dataDir);
  const cognito = await new cognitoLocal.cognitoService.CognitoServiceFactoryImpl(
    dataDir,
    dataStoreFactory,
    new cognitoLocal.userPoolService.UserPoolServiceFactoryImpl(clock, dataStoreFactory),
  ).create(ctx, config.UserPoolDefaults);
  const noKms = {
    encrypt: () =>
      Promise.reject(new cognitoLocal.errors.UnsupportedError('CustomEmailSender (KMS) is not available locally')),
  };
  const triggers = new cognitoLocal.triggers.TriggersService(clock, cognito, triggerModules.asLambda(), noKms);
  const services: Services = {
    clock,
    cognito,
    config,
    messages: new cognitoLocal.messages.MessagesService(
      triggers,
      new cognitoLocal.messageDelivery.MessageDeliveryService(
        new cognitoLocal.consoleMessageSender.ConsoleMessageSender(),
      ),
    ),
    otp: cognitoLocal.otp.otp,
    tokenGenerator: new cognitoLocal.tokenGenerator.JwtTokenGenerator(clock, triggers, config.TokenConfig),
    triggers,
  };

  const { userPoolId, clientId } = await provision(ctx, cognito, options.region, clock.get());
  installPatches(new CustomAuth(triggerModules, options.region));

  const app = cognitoLocal.server.createServer(
    cognitoLocal.router.Router(services),
    logger,
    { port: options.port, hostname: options.host, development: false, https: false },
    services,
  );
  server = await app.start();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  logger.info({ port, userPoolId, clientId }, 'cognito-local ready');
  await send({ type: 'ready', port, userPoolId, clientId });
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'stop') shutdown(0);
  else if (message.type === 'start') {
    start(message).catch(async (error: unknown) => {
      await send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      shutdown(1);
    });
  }
});
// The parent is gone (or closed its end): never outlive it.
process.on('disconnect', () => shutdown(0));
process.stdin.on('end', () => shutdown(0));
process.stdin.on('error', () => shutdown(0));
process.stdin.resume();
process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));
