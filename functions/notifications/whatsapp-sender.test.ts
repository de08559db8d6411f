import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ENV } from '#shared/config/env.ts';
import { twilioWhatsAppSender, whatsAppCredentials } from './whatsapp-sender.ts';

/** The Twilio adapter against a small HTTP server that records what it receives. */
const received: { path: string; authorization: string; form: URLSearchParams }[] = [];
let status = 201;
let server: Server;
beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        authorization: request.headers.authorization ?? '',
        form: new URLSearchParams(body),
      });
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(status === 201 ? '{"sid":"SM1"}' : '{"code":21211,"message":"Invalid To"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  process.env[ENV.twilioApiUrl] = `http://127.0.0.1:${address.port}`;
  process.env[ENV.whatsappSecretId] = 'petpro/test/whatsapp';
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let secretReads = 0;
const secrets = {
  send: async (command: { input: { SecretId: string } }) => {
    secretReads += 1;
    expect(command.input.SecretId).toBe('petpro/test/whatsapp');
    return {
      SecretString: JSON.stringify({ accountSid: 'AC123', authToken: 'rahasia', fromNumber: '+6281100000000' }),
    };
  },
} as unknown as SecretsManagerClient;

describe('WhatsApp through Twilio', () => {
  const whatsapp = twilioWhatsAppSender(whatsAppCredentials(secrets));

  it('posts the message with the account credentials, and reads the secret once', async () => {
    await whatsapp('+6281234567890', { subject: 's', text: 'Kode masuk PetPro Anda: 123456.' });
    await whatsapp('+6281234567891', { subject: 's', text: 'kedua' });
    expect(received[0]!.path).toBe('/2010-04-01/Accounts/AC123/Messages.json');
    expect(received[0]!.authorization).toBe(`Basic ${Buffer.from('AC123:rahasia').toString('base64')}`);
    expect(Object.fromEntries(received[0]!.form)).toEqual({
      To: 'whatsapp:+6281234567890',
      From: 'whatsapp:+6281100000000',
      Body: 'Kode masuk PetPro Anda: 123456.',
    });
    expect(secretReads).toBe(1);
  });

  it('throws when Twilio refuses, so the queue retries', async () => {
    status = 400;
    await expect(whatsapp('+62', { subject: 's', text: 'x' })).rejects.toThrow(/Twilio answered 400/);
    status = 201;
  });
});
