import { describe, expect, it } from 'vitest';
import { ConfirmBloc, type ConfirmState } from './confirm-bloc';
import { FakeAccountRepository, FakePasswordSignIn, problem } from './fakes';

function setUp({ password }: { password?: string } = { password: 'Rahasia123' }) {
  const accounts = new FakeAccountRepository();
  accounts.codes.set('sari@example.id', '123456');
  const auth = new FakePasswordSignIn();
  let now = 1_000_000;
  const clock = { advance: (ms: number) => (now += ms) };
  const bloc = new ConfirmBloc({ accounts, auth, now: () => now }, { username: 'sari@example.id', password });
  return { accounts, auth, bloc, clock };
}

describe('ConfirmBloc', () => {
  it('confirms with the code, then signs in with the password typed at sign-up', async () => {
    const { accounts, auth, bloc } = setUp();
    const statuses: ConfirmState['status'][] = [];
    bloc.subscribe((state) => statuses.push(state.status));
    await bloc.add({ type: 'code-changed', value: '123 456' });
    expect(bloc.state.code).toBe('123456');
    await bloc.add({ type: 'submitted' });
    expect(accounts.confirmed.has('sari@example.id')).toBe(true);
    expect(auth.calls).toEqual([{ username: 'sari@example.id', password: 'Rahasia123' }]);
    expect(statuses.filter((s) => s !== 'editing')).toEqual(['confirming', 'signing-in', 'signed-in']);
  });

  it('shows a wrong code in words and lets the customer try again', async () => {
    const { auth, bloc } = setUp();
    await bloc.add({ type: 'code-changed', value: '000000' });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state).toMatchObject({
      status: 'failed',
      error: { kind: 'problem', code: 'invalid-code', title: 'Kode salah atau sudah kedaluwarsa.' },
    });
    expect(auth.calls).toEqual([]);
    await bloc.add({ type: 'code-changed', value: '123456' });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state).toMatchObject({ status: 'signed-in', error: null });
  });

  it('refuses an incomplete code without asking the API', async () => {
    const { accounts, bloc } = setUp();
    await bloc.add({ type: 'code-changed', value: '12a34' });
    await bloc.add({ type: 'submitted' });
    expect(accounts.calls).toEqual([]);
    expect(bloc.state).toMatchObject({ code: '1234', codeIncomplete: true, status: 'editing' });
  });

  it('ends confirmed (sign in yourself) when the password is not known here or sign-in fails', async () => {
    const { bloc, auth } = setUp({});
    await bloc.add({ type: 'code-changed', value: '123456' });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.status).toBe('confirmed');
    expect(auth.calls).toEqual([]);

    const second = setUp();
    second.auth.failure = problem(401, 'invalid-credentials', 'Email/nomor HP atau kata sandi salah');
    await second.bloc.add({ type: 'code-changed', value: '123456' });
    await second.bloc.add({ type: 'submitted' });
    expect(second.bloc.state).toMatchObject({ status: 'confirmed', error: { code: 'invalid-credentials' } });
  });

  it('sends a new code at most once a minute', async () => {
    const { accounts, bloc, clock } = setUp();
    await bloc.add({ type: 'resend-requested' });
    expect(accounts.calls).toEqual([]); // sign-up sent one moments ago
    clock.advance(60_000);
    await bloc.add({ type: 'resend-requested' });
    expect(bloc.state.resend).toBe('sent');
    await bloc.add({ type: 'resend-requested' });
    expect(accounts.calls.map((c) => c.method)).toEqual(['resendConfirmation']);
    await bloc.add({ type: 'code-changed', value: '654321' });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.status).toBe('signed-in');
  });
});
