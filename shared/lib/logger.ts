import { Logger } from '@aws-lambda-powertools/logger';

/** One structured logger per process; POWERTOOLS_SERVICE_NAME names the domain. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'petpro' });
