import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { ENV, requireEnv } from '#shared/config/env.ts';
import type { ChannelSender } from './notifications.ts';

/** Email through SES v2 (endpoint from AWS_ENDPOINT_URL_SESV2 when set). */
export function sesEmailSender(ses = new SESv2Client({})): ChannelSender {
  return async (to, message) => {
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: requireEnv(ENV.emailFrom),
        Destination: { ToAddresses: [to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
          },
        },
      }),
    );
  };
}
