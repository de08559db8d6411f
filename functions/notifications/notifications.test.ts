import { describe, expect, it } from 'vitest';
import { domainEvent } from '#shared/events/envelope.ts';
import { deliver, type MessageSender } from './notifications.ts';

function recordingSender() {
  const sent: { channel: string; to: string; subject: string; text: string }[] = [];
  const sender: MessageSender = {
    email: async (to, message) => void sent.push({ channel: 'email', to, ...message }),
    sms: async (to, message) => void sent.push({ channel: 'sms', to, ...message }),
  };
  return { sender, sent };
}

describe('deliver', () => {
  it('renders the template in the recipient language and picks the channel', async () => {
    const { sender, sent } = recordingSender();
    await deliver(sender, domainEvent('notification.requested', { channel: 'email', to: 'a@example.id', template: 'verification-code', locale: 'id', params: { code: '123456' } }, 'c'));
    await deliver(sender, domainEvent('notification.requested', { channel: 'sms', to: '+6281234567890', template: 'sign-in-code', locale: 'en', params: { code: '654321' } }, 'c'));
    expect(sent[0]).toMatchObject({ channel: 'email', to: 'a@example.id', subject: 'Kode verifikasi PetPro' });
    expect(sent[0]!.text).toContain('123456');
    expect(sent[1]).toMatchObject({ channel: 'sms', to: '+6281234567890' });
    expect(sent[1]!.text).toBe('Your PetPro sign-in code is 654321. It expires in 3 minutes. Never share it with anyone.');
  });

  it('sends WhatsApp requests by SMS until the WhatsApp sender exists, and refuses push', async () => {
    const { sender, sent } = recordingSender();
    await deliver(sender, domainEvent('notification.requested', { channel: 'whatsapp', to: '+6281234567890', template: 'sign-in-code', locale: 'id', params: { code: '1' } }, 'c'));
    expect(sent[0]?.channel).toBe('sms');
    await expect(deliver(sender, domainEvent('notification.requested', { channel: 'push', to: 'device', template: 'sign-in-code', locale: 'id', params: { code: '1' } }, 'c'))).rejects.toThrow(/not built/);
  });
});
