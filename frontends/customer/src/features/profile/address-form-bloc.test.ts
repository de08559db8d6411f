import { ApiProblem } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { AddressFormBloc } from './address-form-bloc';
import type { AddressTextField } from './address-draft';
import { FakeLocation, FakeProfileRepository, kemangHome } from './fakes';

function setUp(addressId?: string, location = new FakeLocation({ lat: -6.2001234567, lon: 106.8167 })) {
  const profiles = new FakeProfileRepository();
  let keys = 0;
  const bloc = new AddressFormBloc({ profiles, location, newIdempotencyKey: () => `key-${++keys}` }, addressId, {
    recipientName: 'Budi Santoso',
  });
  return { profiles, bloc };
}

async function type(bloc: AddressFormBloc, values: Partial<Record<AddressTextField, string>>) {
  for (const [field, value] of Object.entries(values))
    await bloc.add({ type: 'field-changed', field: field as AddressTextField, value });
}

const office = {
  label: 'Kantor',
  phone: '0812-3456-7890',
  line1: 'Jl. Sudirman Kav. 1',
  city: 'Jakarta Pusat',
  province: 'DKI Jakarta',
  postalCode: '10220',
};

describe('AddressFormBloc', () => {
  it('adds an address with the pin from the device, the phone as +62, one key per intended write', async () => {
    const { profiles, bloc } = setUp();
    await type(bloc, office);
    await bloc.add({ type: 'locate-requested' });
    expect(bloc.state.draft).toMatchObject({ lat: '-6.200123', lon: '106.8167' });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.status).toBe('saved');
    expect(profiles.calls.at(-1)).toEqual({
      method: 'addAddress',
      args: [
        {
          label: 'Kantor',
          recipientName: 'Budi Santoso',
          phone: '+6281234567890',
          line1: 'Jl. Sudirman Kav. 1',
          city: 'Jakarta Pusat',
          province: 'DKI Jakarta',
          postalCode: '10220',
          lat: -6.200123,
          lon: 106.8167,
          isDefault: false,
        },
        'key-1',
      ],
    });
  });

  it('retries with the same Idempotency-Key after no network, a new one once the body changed', async () => {
    const { profiles, bloc } = setUp();
    await type(bloc, { ...office, lat: '-6,2', lon: '106,8' });
    profiles.offline = true;
    await bloc.add({ type: 'submitted' });
    expect(bloc.state).toMatchObject({ status: 'editing', error: { kind: 'message' } });
    await bloc.add({ type: 'submitted' });
    await type(bloc, { label: 'Kantor Baru' });
    profiles.offline = false;
    await bloc.add({ type: 'submitted' });
    const keys = profiles.calls.filter((c) => c.method === 'addAddress').map((c) => c.args[1]);
    expect(keys).toEqual(['key-1', 'key-1', 'key-2']);
  });

  it('says what is wrong with each field, the pin included, without calling the API', async () => {
    const { profiles, bloc } = setUp();
    await type(bloc, { label: 'Rumah', phone: '021 555 0100', postalCode: '1234', line1: 'x'.repeat(201) });
    await bloc.add({ type: 'submitted' });
    expect(profiles.calls).toEqual([]);
    expect(bloc.state.fieldErrors).toEqual({
      phone: ['phone-invalid'],
      postalCode: ['postal-code-invalid'],
      line1: ['too-long'],
      city: ['required'],
      province: ['required'],
      pin: ['pin-missing'],
    });
    // lat and lon swapped: outside Indonesia.
    await type(bloc, { lat: '106.81', lon: '-6.26' });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.fieldErrors).toMatchObject({ lat: ['lat-invalid'] });
    await type(bloc, { lat: '6.26', lon: '-106.81' });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.fieldErrors.pin).toEqual(['pin-outside-indonesia']);
    // Picking a point on the map takes back what was said about the pin.
    await bloc.add({ type: 'pin-picked', lat: -6.26, lon: 106.81 });
    expect(bloc.state.fieldErrors.pin).toBeUndefined();
  });

  it('says so when the location is refused, and keeps the pin typed', async () => {
    const { bloc } = setUp(undefined, new FakeLocation('denied'));
    await type(bloc, { lat: '-6.3', lon: '106.9' });
    await bloc.add({ type: 'locate-requested' });
    expect(bloc.state).toMatchObject({ locating: 'denied', draft: { lat: '-6.3', lon: '106.9' } });
  });

  it('edits only what changed, with the version read; an emptied second line is removed', async () => {
    const { profiles, bloc } = setUp(kemangHome.addressId);
    profiles.addresses[0] = { ...kemangHome, line2: 'Blok B' };
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({
      status: 'editing',
      draft: { phone: '081211112222', line2: 'Blok B', lat: '-6.2607' },
    });
    await type(bloc, { line1: 'Jl. Kemang Raya No. 14', line2: '' });
    await bloc.add({ type: 'submitted' });
    expect(profiles.calls.at(-1)).toEqual({
      method: 'updateAddress',
      args: ['a-home', { line1: 'Jl. Kemang Raya No. 14', line2: null }, 1],
    });
    expect(bloc.state.status).toBe('saved');
  });

  it('keeps the default address the default', async () => {
    const { bloc } = setUp(kemangHome.addressId);
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'default-changed', value: false });
    expect(bloc.state.draft.isDefault).toBe(true);
  });

  it('deletes only after the customer confirms; gone already counts as deleted', async () => {
    const { profiles, bloc } = setUp(kemangHome.addressId);
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'delete-confirmed' });
    expect(profiles.calls.map((c) => c.method)).toEqual(['listAddresses']);
    await bloc.add({ type: 'delete-requested' });
    await bloc.add({ type: 'delete-cancelled' });
    expect(bloc.state.confirmingDelete).toBe(false);
    await bloc.add({ type: 'delete-requested' });
    profiles.addresses = [];
    await bloc.add({ type: 'delete-confirmed' });
    expect(bloc.state.status).toBe('deleted');
  });

  it('tells a removed address apart from a failed read', async () => {
    const { profiles, bloc } = setUp('a-gone');
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state.status).toBe('missing');
    profiles.offline = true;
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'load-failed', error: { kind: 'message' } });
  });

  it("puts the API's field problems on the fields", async () => {
    const { profiles, bloc } = setUp();
    profiles.fail.addAddress = new ApiProblem({
      status: 400,
      type: 'https://petpro.id/problems/validation',
      title: 'Ada kolom yang kosong atau tidak valid.',
      detail: 'Ada kolom yang kosong atau tidak valid.',
      errors: [{ path: 'body.postalCode', message: 'must be a 5-digit Indonesian postal code' }],
    });
    await type(bloc, { ...office, lat: '-6.2', lon: '106.8' });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state).toMatchObject({
      status: 'editing',
      fieldErrors: { postalCode: ['postal-code-invalid'] },
      error: { title: 'Ada kolom yang kosong atau tidak valid.' },
    });
  });
});
