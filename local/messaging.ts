import { createServer, type Server } from 'node:http';
import { readJsonFile, writeFileAtomic } from './json-file.ts';
import { randomUUID } from 'node:crypto';
import { readBody, sendJson } from './http-util.ts';
import { secretNames } from '#shared/config/env.ts';

/** A message that left the platform: what `GET /dev/outbox` shows. */
export interface CapturedMessage {
  id: string;
  channel: 'email' | 'sms' | 'whatsapp' | 'push';
  to: string;
  from?: string;
  subject?: string;
  body: string;
  sentAt: string;
}

export interface MessageCapture {
  endpoint: string;
  messages(): CapturedMessage[];
  stop(): Promise<void>;
}

/** The WhatsApp sender's credentials on this machine, served by the Secrets Manager stand-in. */
export const LOCAL_WHATSAPP_SECRET = {
  id: secretNames.whatsapp('local'),
  value: {
    accountSid: 'AC00000000000000000000000000local',
    authToken: 'local-twilio-token',
    fromNumber: '+6281100000000',
  },
};

/** Sandbox-shaped Midtrans keys on this machine (tests sign notifications with the server key). */
export const LOCAL_MIDTRANS_SECRET = {
  id: secretNames.midtrans('local'),
  value: { serverKey: 'SB-Mid-server-petpro-local', clientKey: 'SB-Mid-client-petpro-local' },
};

/** Xendit keys on this machine (tests send the callback token as x-callback-token). */
export const LOCAL_XENDIT_SECRET = {
  id: secretNames.xendit('local'),
  value: { secretKey: 'xnd_development_petpro_local', callbackToken: 'petpro-local-callback-token' },
};

/** Biteship keys on this machine (the shipping sandbox checks the API key and sends the webhook secret). */
export const LOCAL_BITESHIP_SECRET = {
  id: secretNames.biteship('local'),
  value: { apiKey: 'biteship_test.petpro-local', webhookSecret: 'petpro-local-biteship-webhook-secret' },
};

const LOCAL_SECRETS: ReadonlyMap<string, object> = new Map(
  [LOCAL_WHATSAPP_SECRET, LOCAL_MIDTRANS_SECRET, LOCAL_XENDIT_SECRET, LOCAL_BITESHIP_SECRET].map((secret) => [
    secret.id,
    secret.value,
  ]),
);

/**
 * Stand-in for SES v2 (SendEmail, REST-JSON), SNS (Publish, query protocol), Twilio's Messages
 * API (WhatsApp, with its Basic auth checked) and Secrets Manager's GetSecretValue (the Twilio
 * credentials, the payment provider and Biteship keys), on one port: the notification senders use the real
 * clients pointed here, and every message is kept.
 */
export async function startMessageCapture(options: { port: number; file?: string }): Promise<MessageCapture> {
  const kept: CapturedMessage[] = readJsonFile<CapturedMessage[]>(options.file, []);
  const keep = (message: CapturedMessage) => {
    kept.unshift(message);
    kept.splice(500);
    if (options.file) writeFileAtomic(options.file, JSON.stringify(kept, null, 2));
  };

  const server: Server = createServer(async (request, response) => {
    try {
      const body = await readBody(request);
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (request.method === 'POST' && url.pathname === '/v2/email/outbound-emails') {
        const input = JSON.parse(body.toString('utf8')) as {
          FromEmailAddress?: string;
          Destination?: { ToAddresses?: string[] };
          Content?: {
            Simple?: { Subject?: { Data?: string }; Body?: { Text?: { Data?: string }; Html?: { Data?: string } } };
          };
        };
        const id = randomUUID();
        for (const to of input.Destination?.ToAddresses ?? []) {
          keep({
            id,
            channel: 'email',
            to,
            ...(input.FromEmailAddress ? { from: input.FromEmailAddress } : {}),
            subject: input.Content?.Simple?.Subject?.Data ?? '',
            body: input.Content?.Simple?.Body?.Text?.Data ?? input.Content?.Simple?.Body?.Html?.Data ?? '',
            sentAt: new Date().toISOString(),
          });
        }
        return sendJson(response, 200, { MessageId: id });
      }
      const twilio = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
      if (request.method === 'POST' && twilio) {
        const { accountSid, authToken } = LOCAL_WHATSAPP_SECRET.value;
        const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
        if (decodeURIComponent(twilio[1]!) !== accountSid || request.headers.authorization !== expected) {
          return sendJson(response, 401, { code: 20003, message: 'Authenticate', status: 401 });
        }
        const form = new URLSearchParams(body.toString('utf8'));
        const to = form.get('To') ?? '';
        if (!to.startsWith('whatsapp:+') || !form.get('Body'))
          return sendJson(response, 400, { code: 21211, message: "Invalid 'To' Phone Number", status: 400 });
        const id = `SM${randomUUID().replace(/-/g, '')}`;
        keep({
          id,
          channel: 'whatsapp',
          to: to.slice('whatsapp:'.length),
          from: form.get('From') ?? '',
          body: form.get('Body')!,
          sentAt: new Date().toISOString(),
        });
        return sendJson(response, 201, { sid: id, status: 'queued', to, body: form.get('Body') });
      }
      if (request.method === 'POST' && request.headers['x-amz-target'] === 'secretsmanager.GetSecretValue') {
        const input = JSON.parse(body.toString('utf8')) as { SecretId?: string };
        const value = input.SecretId === undefined ? undefined : LOCAL_SECRETS.get(input.SecretId);
        if (!value) {
          return sendJson(
            response,
            400,
            { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." },
            'application/x-amz-json-1.1',
          );
        }
        return sendJson(
          response,
          200,
          {
            ARN: `arn:aws:secretsmanager:ap-southeast-3:000000000000:secret:${input.SecretId}`,
            Name: input.SecretId,
            SecretString: JSON.stringify(value),
          },
          'application/x-amz-json-1.1',
        );
      }
      if (request.method === 'POST' && url.pathname === '/') {
        const form = new URLSearchParams(body.toString('utf8'));
        if (form.get('Action') === 'Publish' && form.get('PhoneNumber')) {
          const id = randomUUID();
          keep({
            id,
            channel: 'sms',
            to: form.get('PhoneNumber')!,
            body: form.get('Message') ?? '',
            sentAt: new Date().toISOString(),
          });
          const xml = `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${id}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`;
          response.writeHead(200, { 'content-type': 'text/xml' });
          return response.end(xml);
        }
      }
      sendJson(response, 400, {
        message: `not supported by the local message capture: ${request.method} ${url.pathname}`,
      });
    } catch (error) {
      sendJson(response, 500, { message: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    messages: () => [...kept],
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
