import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import type { ChannelSender } from './notifications.ts';

/** SMS through SNS, transactional, sender id PetPro (endpoint from AWS_ENDPOINT_URL_SNS when set). */
export function snsSmsSender(sns = new SNSClient({})): ChannelSender {
  return async (to, message) => {
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
  };
}
