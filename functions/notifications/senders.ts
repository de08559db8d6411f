import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { ENV, requireEnv } from '#shared/config/env.ts';
import type { MessageSender } from './notifications.ts';

/** Email through SES v2 and SMS through SNS; endpoints come from the environment. */
export function awsMessageSender(ses = new SESv2Client({}), sns = new SNSClient({})): MessageSender {
  return {
    async email(to, message) {
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: requireEnv(ENV.emailFrom),
          Destination: { ToAddresses: [to] },
          Content: { Simple: { Subject: { Data: message.subject, Charset: 'UTF-8' }, Body: { Text: { Data: message.text, Charset: 'UTF-8' } } } },
        }),
      );
    },
    async sms(to, message) {
      await sns.send(
        new PublishCommand({
          PhoneNumber: to,
          Message: message.text,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'PetPro' },
          },
        }),
      );
    },
  };
}
