import { OfflineError } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { FakeAuthRepository } from '../../testing/fakes';
import { problem } from './fakes';
import { needsConfirmation, normaliseUsername, SignInBloc, type SignInState } from './sign-in-bloc';

async function fill(bloc: SignInBloc, username: string, password: string) {
  await bloc.add({ type: 'username-changed', value: username });
  await bloc.add({ type: 'password-changed', value: password });
}

describe('SignInBloc', () => {
  it('signs in with an e-mail address: submitting, then signed in, the password forgotten', async () => {
    const auth = new FakeAuthRepository();
    const bloc = new SignInBloc(auth);
    const statuses: SignInState['status'][] = [];
    bloc.subscribe((state) => statuses.push(state.status));
    await fill(bloc, '  Budi.Santoso@Example.id ', 'BudiPetPro2026');
    await bloc.add({ type: 'submitted' });
    expect(auth.calls).toEqual([{ username: 'budi.santoso@example.id', password: 'BudiPetPro2026' }]);
    expect(statuses.filter((s) => s !== 'editing')).toEqual(['submitting', 'signed-in']);
    expect(bloc.state).toMatchObject({ status: 'signed-in', password: '', error: null });
  });

  it("shows the refusal's problem title and detail (in the language asked for), never the raw answer", async () => {
    const bloc = new SignInBloc(new FakeAuthRepository(undefined, 'id'));
    await fill(bloc, 'budi.santoso@example.id', 'salah');
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.status).toBe('failed');
    expect(bloc.state.error).toEqual({
      kind: 'problem',
      status: 401,
      code: 'invalid-credentials',
      title: 'Email/nomor HP atau kata sandi salah',
      detail: 'Periksa kembali lalu coba lagi.',
      errors: [],
    });
    // Editing keeps the problem on screen until the next attempt; the next attempt clears it.
    await bloc.add({ type: 'password-changed', value: 'BudiPetPro2026' });
    expect(bloc.state.error?.kind).toBe('problem');
    await bloc.add({ type: 'submitted' });
    expect(bloc.state).toMatchObject({ status: 'signed-in', error: null });
  });

  it('keeps both languages of an offline error', async () => {
    const auth = new FakeAuthRepository();
    auth.signIn = async () => {
      throw new OfflineError('en');
    };
    const bloc = new SignInBloc(auth);
    await fill(bloc, '+6281234567890', 'x');
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.error).toMatchObject({ kind: 'message', messages: { id: expect.stringContaining('PetPro') } });
  });

  it('refuses a username that is neither an e-mail nor a +62 number, and a missing password, without calling the API', async () => {
    const auth = new FakeAuthRepository();
    const bloc = new SignInBloc(auth);
    await fill(bloc, 'budi', '');
    await bloc.add({ type: 'submitted' });
    expect(auth.calls).toEqual([]);
    expect(bloc.state).toMatchObject({ status: 'editing', inputErrors: ['username-invalid', 'password-missing'] });
    await bloc.add({ type: 'username-changed', value: '0812 3456 7890' });
    expect(bloc.state.inputErrors).toEqual(['password-missing']);
  });

  it('tells an account still waiting for its confirmation code apart from a wrong password', async () => {
    const auth = new FakeAuthRepository();
    const bloc = new SignInBloc(auth);
    await fill(bloc, 'budi.santoso@example.id', 'salah');
    await bloc.add({ type: 'submitted' });
    expect(needsConfirmation(bloc.state)).toBe(false);
    auth.signIn = async () => {
      throw problem(403, 'not-confirmed', 'Konfirmasi akun Anda dengan kode yang kami kirim terlebih dahulu.');
    };
    await bloc.add({ type: 'submitted' });
    expect(needsConfirmation(bloc.state)).toBe(true);
    // What was typed stays, so the confirmation screen can sign in with it.
    expect(bloc.state).toMatchObject({ username: 'budi.santoso@example.id', password: 'salah' });
  });

  it('normalises Indonesian mobile numbers to +62', () => {
    expect(normaliseUsername('0812-3456-7890')).toBe('+6281234567890');
    expect(normaliseUsername('+62 812 3456 7890')).toBe('+6281234567890');
    expect(normaliseUsername('6281234567890')).toBe('+6281234567890');
    expect(normaliseUsername('+1 555 0100')).toBeNull();
    expect(normaliseUsername('021 555 0100')).toBeNull();
  });
});
