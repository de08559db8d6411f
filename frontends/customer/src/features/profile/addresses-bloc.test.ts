import { describe, expect, it } from 'vitest';
import { AddressesBloc } from './addresses-bloc';
import { FakeProfileRepository, kemangHome } from './fakes';

describe('AddressesBloc', () => {
  it('lists the default address first, then the newest', async () => {
    const office = {
      ...kemangHome,
      addressId: 'a-office',
      label: 'Kantor',
      isDefault: false,
      createdAt: '2026-06-01T00:00:00.000Z',
    };
    const old = {
      ...kemangHome,
      addressId: 'a-old',
      label: 'Kos',
      isDefault: false,
      createdAt: '2025-06-01T00:00:00.000Z',
    };
    const bloc = new AddressesBloc(new FakeProfileRepository(undefined, [old, office, kemangHome]));
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state.status).toBe('loaded');
    expect(bloc.state.addresses.map((a) => a.label)).toEqual(['Rumah', 'Kantor', 'Kos']);
  });

  it('says why it could not load, keeping what was shown', async () => {
    const profiles = new FakeProfileRepository();
    const bloc = new AddressesBloc(profiles);
    await bloc.add({ type: 'load-requested' });
    profiles.offline = true;
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'error', error: { kind: 'message' } });
    expect(bloc.state.addresses).toHaveLength(1);
  });
});
