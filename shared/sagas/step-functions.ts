import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { sagaArnEnv } from '../manifest/types.ts';
import type { SagaCallbacks } from './port.ts';

/** The saga callback port on Step Functions (AWS_ENDPOINT_URL_SFN points it at the local platform). */
const GONE = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

/** Step Functions' limits: error ≤ 256 characters, cause ≤ 32768. */
const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

export function stepFunctionsCallbacks(client: SFNClient = sfnClient()): SagaCallbacks {
  async function send(command: SendTaskSuccessCommand | SendTaskFailureCommand): Promise<'sent' | 'gone'> {
    try {
      await client.send(command as SendTaskSuccessCommand);
      return 'sent';
    } catch (error) {
      if (GONE.has((error as Error).name)) return 'gone';
      throw error;
    }
  }
  return {
    succeed: (taskToken, output) =>
      send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? {}) })),
    fail: (taskToken, error, cause) =>
      send(
        new SendTaskFailureCommand({
          taskToken,
          error: clip(error, 256),
          cause: clip(typeof cause === 'string' ? cause : JSON.stringify(cause), 32_768),
        }),
      ),
  };
}

/** Starts a manifest saga (`<domain>.<saga>`, ARN from its env variable); the execution name makes a repeat harmless. */
export async function startSaga(
  saga: `${string}.${string}`,
  name: string,
  input: unknown,
  client: SFNClient = sfnClient(),
): Promise<'started' | 'exists'> {
  const stateMachineArn = process.env[sagaArnEnv(saga)];
  if (!stateMachineArn)
    throw new Error(`${sagaArnEnv(saga)} is not set (does the manifest declare access.sagas: ['${saga}']?)`);
  try {
    await client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
    return 'started';
  } catch (error) {
    // Same name already ran (or runs with other input): the saga for this name exists; never start a second.
    if ((error as Error).name === 'ExecutionAlreadyExists') return 'exists';
    throw error;
  }
}

let sharedClient: SFNClient | undefined;
function sfnClient(): SFNClient {
  sharedClient ??= new SFNClient({});
  return sharedClient;
}
