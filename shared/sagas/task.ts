import type { z } from 'zod';
import { logger } from '../lib/logger.ts';

/** A saga step got input it cannot use: retrying the same input cannot help, so the ASL should not Retry it. */
export class InvalidTaskInput extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTaskInput';
  }
}

/**
 * A saga step's Lambda handler: Step Functions sends the state's `Payload`, the handler answers
 * the step's result. The input is parsed with the step's schema; a thrown error's `name` is what
 * the ASL's Retry/Catch match on. `correlationId`, when the saga passes it, tags the log lines.
 */
export function sagaTask<S extends z.ZodType, R>(
  name: string,
  schema: S,
  run: (input: z.infer<S>, correlationId: string) => Promise<R>,
) {
  return async (event: unknown): Promise<R> => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      logger.error('saga task input rejected', { task: name, issues: parsed.error.issues });
      throw new InvalidTaskInput(
        `${name}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'} ${issue.message}`).join('; ')}`.slice(
          0,
          1000,
        ),
      );
    }
    const correlationId =
      typeof (event as { correlationId?: unknown }).correlationId === 'string'
        ? (event as { correlationId: string }).correlationId
        : `saga-${name}`;
    logger.appendKeys({ correlationId, task: name });
    try {
      return await run(parsed.data, correlationId);
    } catch (error) {
      logger.error('saga task failed', { error: error as Error });
      throw error;
    } finally {
      logger.removeKeys(['correlationId', 'task']);
    }
  };
}
