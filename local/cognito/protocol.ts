/** Names and messages shared by the parent (server.ts) and the cognito child process (child.ts). */

/** The three CUSTOM_AUTH triggers cognito-local lacks, implemented in custom-auth.ts. */
export const CUSTOM_AUTH_TRIGGERS = [
  'DefineAuthChallenge',
  'CreateAuthChallenge',
  'VerifyAuthChallengeResponse',
] as const;
/** Triggers cognito-local itself calls; here they are routed to local modules too. */
export const COGNITO_LOCAL_TRIGGERS = [
  'PreSignUp',
  'PostConfirmation',
  'PostAuthentication',
  'PreTokenGeneration',
  'CustomMessage',
  'UserMigration',
] as const;

export type CustomAuthTriggerName = (typeof CUSTOM_AUTH_TRIGGERS)[number];
export type TriggerName = CustomAuthTriggerName | (typeof COGNITO_LOCAL_TRIGGERS)[number];
/** Absolute paths of modules exporting `handler(event, context)`, by trigger. */
export type TriggerPaths = Partial<Record<TriggerName, string>>;

export const POOL_NAME = 'petpro-local';
export const CLIENT_NAME = 'petpro-local-app';

export interface StartMessage {
  type: 'start';
  port: number;
  host: string;
  region: string;
  triggers: TriggerPaths;
  logLevel: string;
}

export type ChildMessage =
  { type: 'ready'; port: number; userPoolId: string; clientId: string } | { type: 'error'; message: string };

export type ParentMessage = StartMessage | { type: 'stop' };
