import { describe, expect, it } from 'vitest';
import { domainEvent } from '#shared/events/envelope.ts';
import { deliver, type ChannelSender, type DeliveryLog } from './notifications.ts';

function recordingSender() {
  const sent: { channel: string; to: string; subject: string; text: string }[] = [];
  const record =
    (channel: string): ChannelSender =>
    async (to, message) =>
      void sent.push({ channel, to, ...message });
  const sender = { email: record('email'), sms: record('sms'), whatsapp: record('whatsapp') };
  const marked = new Set<string>();
  const log: DeliveryLog = { wasSent: async (id) => marked.has(id), markSent: async (id) => void marked.add(id) };
  return { sender, sent, log };
}

describe('deliver', () => {
  it('renders the template in the recipient language and picks the channel', async () => {
    const { sender, sent, log } = recordingSender();
    await deliver(
      sender,
      log,
      domainEvent(
        'notification.requested',
        {
          channel: 'email',
          to: 'a@example.id',
          template: 'verification-code',
          locale: 'id',
          params: { code: '123456' },
        },
        'c',
      ),
    );
    await deliver(
      sender,
      log,
      domainEvent(
        'notification.requested',
        { channel: 'sms', to: '+6281234567890', template: 'sign-in-code', locale: 'en', params: { code: '654321' } },
        'c',
      ),
    );
    expect(sent[0]).toMatchObject({ channel: 'email', to: 'a@example.id', subject: 'Kode verifikasi PetPro' });
    expect(sent[0]!.text).toContain('123456');
    expect(sent[1]).toMatchObject({ channel: 'sms', to: '+6281234567890' });
    expect(sent[1]!.text).toBe(
      'Your PetPro sign-in code is 654321. It expires in 3 minutes. Never share it with anyone.',
    );
  });

  it('sends WhatsApp by WhatsApp, and refuses push (not built) and channels the function has no sender for', async () => {
    const { sender, sent, log } = recordingSender();
    await deliver(
      sender,
      log,
      domainEvent(
        'notification.requested',
        { channel: 'whatsapp', to: '+6281234567890', template: 'sign-in-code', locale: 'id', params: { code: '1' } },
        'c',
      ),
    );
    expect(sent[0]?.channel).toBe('whatsapp');
    await expect(
      deliver(
        sender,
        log,
        domainEvent(
          'notification.requested',
          { channel: 'push', to: 'device', template: 'sign-in-code', locale: 'id', params: { code: '1' } },
          'c',
        ),
      ),
    ).rejects.toThrow(/push is not built/);
    await expect(
      deliver(
        { email: sender.email },
        log,
        domainEvent(
          'notification.requested',
          { channel: 'sms', to: '+6281234567890', template: 'sign-in-code', locale: 'id', params: { code: '1' } },
          'c',
        ),
      ),
    ).rejects.toThrow(/no sms sender/);
  });
});

describe('delivery is once per event', () => {
  it('skips a redelivered event, and sends again when the first send failed', async () => {
    const { sender, sent, log } = recordingSender();
    const event = domainEvent(
      'notification.requested',
      { channel: 'sms', to: '+6281234567890', template: 'sign-in-code', locale: 'id', params: { code: '111111' } },
      'c',
    );
    expect(await deliver(sender, log, event)).toBe('sent');
    expect(await deliver(sender, log, event)).toBe('duplicate');
    expect(sent).toHaveLength(1);

    const flaky = {
      ...sender,
      sms: (async () => {
        throw new Error('SNS throttled');
      }) as ChannelSender,
    };
    const other = domainEvent(
      'notification.requested',
      { channel: 'sms', to: '+6281234567890', template: 'sign-in-code', locale: 'id', params: { code: '222222' } },
      'c',
    );
    await expect(deliver(flaky, log, other)).rejects.toThrow('SNS throttled');
    expect(await deliver(sender, log, other)).toBe('sent');
    expect(sent.map((m) => m.text.includes('222222'))).toEqual([false, true]);
  });
});
