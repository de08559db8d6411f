import type { Locale } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { FakeProfileRepository } from './fakes';
import { ProfileBloc } from './profile-bloc';

function setUp() {
  const profiles = new FakeProfileRepository();
  const appLocales: Locale[] = [];
  const bloc = new ProfileBloc(profiles, async (locale) => {
    appLocales.push(locale);
  });
  return { profiles, appLocales, bloc };
}

describe('ProfileBloc', () => {
  it('loads the customer and saves a new name with the version read', async () => {
    const { profiles, bloc } = setUp();
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({
      status: 'loaded',
      name: 'Budi Santoso',
      profile: { email: 'budi.santoso@example.id' },
    });
    await bloc.add({ type: 'name-changed', value: '  Budi S. ' });
    await bloc.add({ type: 'name-submitted' });
    expect(profiles.calls.at(-1)).toEqual({ method: 'updateMe', args: [{ name: 'Budi S.' }, 1] });
    expect(bloc.state).toMatchObject({
      saved: 'name',
      saving: null,
      name: 'Budi S.',
      profile: { name: 'Budi S.', version: 2 },
    });
  });

  it('refuses an empty name here, and does not call the API for an unchanged one', async () => {
    const { profiles, bloc } = setUp();
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'name-changed', value: '   ' });
    await bloc.add({ type: 'name-submitted' });
    expect(bloc.state.nameError).toBe('name-missing');
    await bloc.add({ type: 'name-changed', value: 'Budi Santoso' });
    await bloc.add({ type: 'name-submitted' });
    expect(profiles.calls.map((c) => c.method)).toEqual(['getMe']);
    expect(bloc.state.saved).toBe('name');
  });

  it('switches the app language at once, then keeps it on the profile', async () => {
    const { profiles, appLocales, bloc } = setUp();
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'locale-chosen', locale: 'en' });
    expect(appLocales).toEqual(['en']);
    expect(profiles.profile.locale).toBe('en');
    expect(bloc.state.saved).toBe('locale');
    // Choosing the language the profile already has changes only the app.
    await bloc.add({ type: 'locale-chosen', locale: 'en' });
    expect(profiles.calls.filter((c) => c.method === 'updateMe')).toHaveLength(1);
  });

  it('makes the change on top of one made meanwhile elsewhere (409), once', async () => {
    const { profiles, bloc } = setUp();
    await bloc.add({ type: 'load-requested' });
    profiles.profile = { ...profiles.profile, version: 5 }; // changed on another device
    await bloc.add({ type: 'name-changed', value: 'Budi Baru' });
    await bloc.add({ type: 'name-submitted' });
    expect(profiles.calls.map((c) => c.method)).toEqual(['getMe', 'updateMe', 'getMe', 'updateMe']);
    expect(bloc.state).toMatchObject({ saved: 'name', error: null, profile: { name: 'Budi Baru', version: 6 } });
  });

  it('offline: the language still changes in the app, and the profile save failure is said in words', async () => {
    const { profiles, appLocales, bloc } = setUp();
    await bloc.add({ type: 'load-requested' });
    profiles.offline = true;
    await bloc.add({ type: 'locale-chosen', locale: 'en' });
    expect(appLocales).toEqual(['en']);
    expect(bloc.state).toMatchObject({ saving: null, saved: null, error: { kind: 'message' } });
  });

  it('shows a load failure, and keeps the profile shown when a reload fails', async () => {
    const { profiles, bloc } = setUp();
    profiles.offline = true;
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'error', error: { kind: 'message' } });
    profiles.offline = false;
    await bloc.add({ type: 'load-requested' });
    profiles.offline = true;
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({
      status: 'loaded',
      profile: { name: 'Budi Santoso' },
      error: { kind: 'message' },
    });
  });
});
