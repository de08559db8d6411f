import { OfflineError } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { FakeAccountRepository, problem } from './fakes';
import { passwordProblems, SignUpBloc, type SignUpState } from './sign-up-bloc';

async function fill(bloc: SignUpBloc, username: string, name: string, password: string) {
  await bloc.add({ type: 'field-changed', field: 'username', value: username });
  await bloc.add({ type: 'field-changed', field: 'name', value: name });
  await bloc.add({ type: 'field-changed', field: 'password', value: password });
}

describe('SignUpBloc', () => {
  it('creates the account with a 08… number as +62, then holds what confirmation needs', async () => {
    const accounts = new FakeAccountRepository();
    const bloc = new SignUpBloc(accounts);
    const statuses: SignUpState['status'][] = [];
    bloc.subscribe((state) => statuses.push(state.status));
    await fill(bloc, '0812-3456-7890', '  Sari Dewi ', 'Rahasia123');
    await bloc.add({ type: 'submitted' });
    expect(accounts.calls).toEqual([
      { method: 'signUp', args: [{ username: '+6281234567890', name: 'Sari Dewi', password: 'Rahasia123' }] },
    ]);
    expect(statuses.filter((s) => s !== 'editing')).toEqual(['submitting', 'signed-up']);
    expect(bloc.state.account).toEqual({ username: '+6281234567890', password: 'Rahasia123', confirmation: 'sms' });
  });

  it('lowers an e-mail address and confirms by e-mail', async () => {
    const bloc = new SignUpBloc(new FakeAccountRepository());
    await fill(bloc, ' Sari@Example.ID ', 'Sari', 'Rahasia123');
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.account).toMatchObject({ username: 'sari@example.id', confirmation: 'email' });
  });

  it('names every broken password rule and the other bad fields without calling the API', async () => {
    const accounts = new FakeAccountRepository();
    const bloc = new SignUpBloc(accounts);
    await fill(bloc, '021 555 0100', '   ', 'abc');
    await bloc.add({ type: 'submitted' });
    expect(accounts.calls).toEqual([]);
    expect(bloc.state).toMatchObject({
      status: 'editing',
      fieldErrors: {
        username: ['username-invalid'],
        name: ['name-missing'],
        password: ['password-too-short', 'password-needs-upper', 'password-needs-digit'],
      },
    });
    // Fixing one field takes back only its message.
    await bloc.add({ type: 'field-changed', field: 'name', value: 'Sari' });
    expect(Object.keys(bloc.state.fieldErrors).sort()).toEqual(['password', 'username']);
  });

  it('says the account exists at the username, with the problem in words', async () => {
    const bloc = new SignUpBloc(new FakeAccountRepository());
    await fill(bloc, 'budi.santoso@example.id', 'Budi', 'Rahasia123');
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.status).toBe('failed');
    expect(bloc.state.fieldErrors).toEqual({ username: ['username-taken'] });
    expect(bloc.state.error).toMatchObject({
      kind: 'problem',
      code: 'account-exists',
      title: 'Akun dengan email atau nomor telepon ini sudah terdaftar.',
    });
  });

  it("puts the API's validation problems on their fields, in the app's words", async () => {
    const accounts = new FakeAccountRepository();
    accounts.fail.signUp = problem(400, 'validation', 'Ada kolom yang kosong atau tidak valid.', [
      { path: 'body.email', message: 'Invalid email address' },
      { path: 'body.password', message: 'needs a lower-case letter' },
      { path: 'body.name', message: 'Too big' },
    ]);
    const bloc = new SignUpBloc(accounts);
    await fill(bloc, 'sari@example.id', 'Sari', 'Rahasia123');
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.fieldErrors).toEqual({
      username: ['username-invalid'],
      password: ['password-needs-lower'],
      name: ['name-invalid'],
    });
    expect(bloc.state.error).toMatchObject({ title: 'Ada kolom yang kosong atau tidak valid.' });
  });

  it('keeps both languages of an offline error, and can try again', async () => {
    const accounts = new FakeAccountRepository();
    accounts.fail.signUp = new OfflineError('id');
    const bloc = new SignUpBloc(accounts);
    await fill(bloc, 'sari@example.id', 'Sari', 'Rahasia123');
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.error).toMatchObject({ kind: 'message', messages: { en: expect.any(String) } });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state).toMatchObject({ status: 'signed-up', error: null });
  });

  it('checks the pool password policy', () => {
    expect(passwordProblems('Rahasia123')).toEqual([]);
    expect(passwordProblems('RAHASIA123')).toEqual(['password-needs-lower']);
    expect(passwordProblems('Rahasia!')).toEqual(['password-needs-digit']);
  });
});
