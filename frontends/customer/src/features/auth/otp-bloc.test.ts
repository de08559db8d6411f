import { describe, expect, it } from 'vitest';
import { FakeAccountRepository } from './fakes';
import { OtpBloc } from './otp-bloc';

function setUp() {
  const accounts = new FakeAccountRepository();
  accounts.existing.add('+6281234567890');
  let now = 5_000_000;
  const bloc = new OtpBloc(accounts, () => now);
  return { accounts, bloc, advance: (ms: number) => (now += ms) };
}

describe('OtpBloc', () => {
  it('sends a code by e-mail, then signs in with it', async () => {
    const { accounts, bloc } = setUp();
    await bloc.add({ type: 'contact-changed', value: 'Budi.Santoso@example.id' });
    await bloc.add({ type: 'code-requested' });
    expect(bloc.state).toMatchObject({ step: 'code', sentTo: 'budi.santoso@example.id', status: 'editing' });
    await bloc.add({ type: 'code-changed', value: '111111' });
    await bloc.add({ type: 'code-submitted' });
    expect(bloc.state.status).toBe('signed-in');
    expect(accounts.signedIn).toBe('budi.santoso@example.id');
    expect(accounts.calls.map((c) => [c.method, ...c.args])).toEqual([
      ['startOtp', 'budi.santoso@example.id', 'email'],
      ['verifyOtp', 'budi.santoso@example.id', '111111'],
    ]);
  });

  it('sends by WhatsApp to a 08… number as +62', async () => {
    const { accounts, bloc } = setUp();
    await bloc.add({ type: 'channel-changed', channel: 'whatsapp' });
    await bloc.add({ type: 'contact-changed', value: '0812 3456 7890' });
    await bloc.add({ type: 'code-requested' });
    expect(accounts.calls[0]).toEqual({ method: 'startOtp', args: ['+6281234567890', 'whatsapp'] });
  });

  it('refuses a phone number for e-mail (and the other way round) without asking the API', async () => {
    const { accounts, bloc } = setUp();
    await bloc.add({ type: 'contact-changed', value: '081234567890' });
    await bloc.add({ type: 'code-requested' });
    expect(bloc.state).toMatchObject({ step: 'contact', inputError: 'email-invalid' });
    await bloc.add({ type: 'channel-changed', channel: 'sms' });
    await bloc.add({ type: 'contact-changed', value: 'budi@example.id' });
    await bloc.add({ type: 'code-requested' });
    expect(bloc.state.inputError).toBe('phone-invalid');
    expect(accounts.calls).toEqual([]);
  });

  it('shows a wrong code in words, stays on the code, and an incomplete one is refused here', async () => {
    const { accounts, bloc } = setUp();
    await bloc.add({ type: 'contact-changed', value: 'budi.santoso@example.id' });
    await bloc.add({ type: 'code-requested' });
    await bloc.add({ type: 'code-changed', value: '12345' });
    await bloc.add({ type: 'code-submitted' });
    expect(bloc.state.inputError).toBe('code-incomplete');
    await bloc.add({ type: 'code-changed', value: '999999' });
    await bloc.add({ type: 'code-submitted' });
    expect(bloc.state).toMatchObject({
      step: 'code',
      status: 'failed',
      error: { kind: 'problem', code: 'invalid-code', title: 'Kode salah atau sudah kedaluwarsa.' },
    });
    expect(accounts.signedIn).toBeNull();
  });

  it('resends only after a minute, and the new code works', async () => {
    const { accounts, bloc, advance } = setUp();
    await bloc.add({ type: 'contact-changed', value: 'budi.santoso@example.id' });
    await bloc.add({ type: 'code-requested' });
    await bloc.add({ type: 'resend-requested' });
    expect(accounts.calls).toHaveLength(1);
    advance(61_000);
    await bloc.add({ type: 'resend-requested' });
    expect(bloc.state).toMatchObject({ resent: true, code: '' });
    await bloc.add({ type: 'code-changed', value: '222222' });
    await bloc.add({ type: 'code-submitted' });
    expect(bloc.state.status).toBe('signed-in');
  });

  it('goes back to change the address, keeping the channel', async () => {
    const { bloc } = setUp();
    await bloc.add({ type: 'channel-changed', channel: 'sms' });
    await bloc.add({ type: 'contact-changed', value: '081234567890' });
    await bloc.add({ type: 'code-requested' });
    await bloc.add({ type: 'contact-edit-requested' });
    expect(bloc.state).toMatchObject({ step: 'contact', channel: 'sms', contact: '081234567890' });
  });
});
