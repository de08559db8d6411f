import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import type { SagaCallbacks } from './port.ts';

/** The saga callback port on Step Functions (AWS_ENDPOINT_URL_SFN points it at the local platform). */
const GONE = new Set(['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken']);

/** Step Functions' limits: error ≤ 256 characters, cause ≤ 32768. */
const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

export function stepFunctionsCallbacks(client: SFNClient = new SFNClient({})): SagaCallbacks {
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
    succeed: (taskToken, output) => send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? {}) })),
    fail: (taskToken, error, cause) => send(new SendTaskFailureCommand({ taskToken, error: clip(error, 256), cause: clip(typeof cause === 'string' ? cause : JSON.stringify(cause), 32_768) })),
  };
}
