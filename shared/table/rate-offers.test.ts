import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { useLocalDynamo } from '#local/testing.ts';
import { dynamo } from './client.ts';
import { tableDefinition, tableName } from './definition.ts';
import { rateOffer, rateOfferKey, saveRateOffers, type RateOffer } from './rate-offers.ts';

/** Shipping's published rate offers on DynamoDB Local: one per key, the newer ask wins, expiry in the table's TTL attribute and on read. */
useLocalDynamo({ tableName: 'rate-offers-test' });

const key = { customerId: 'customer-1', vendorId: 'vendor-1', addressId: 'address-1', serviceCode: 'jne:reg' };
const offer = (overrides: Partial<RateOffer> = {}): RateOffer => ({
  ...key,
  price: 20_000,
  etaDays: { min: 1, max: 2 },
  weightGrams: 2_000,
  offeredAt: '2026-12-01T03:00:00.000Z',
  expiresAt: '2026-12-01T03:30:00.000Z',
  ...overrides,
});

describe('rate offers', () => {
  it('reads back what was saved until it expires; the TTL attribute holds epoch seconds', async () => {
    await saveRateOffers([offer(), offer({ serviceCode: 'jne:yes', price: 30_000 })]);
    expect(await rateOffer(key, new Date('2026-12-01T03:29:59Z'))).toEqual(offer());
    expect(await rateOffer({ ...key, serviceCode: 'jne:yes' }, new Date('2026-12-01T03:10:00Z'))).toMatchObject({
      price: 30_000,
    });
    expect(await rateOffer(key, new Date('2026-12-01T03:30:00Z'))).toBeUndefined();
    expect(await rateOffer({ ...key, addressId: 'address-2' }, new Date('2026-12-01T03:10:00Z'))).toBeUndefined();
    const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: rateOfferKey(key) }));
    expect(Item?.[tableDefinition.timeToLiveAttribute]).toBe(Date.parse('2026-12-01T03:30:00Z') / 1000);
  });

  it('a newer ask replaces the offer of the same customer, vendor, address and service', async () => {
    await saveRateOffers([
      offer({
        price: 40_000,
        weightGrams: 4_000,
        offeredAt: '2026-12-01T03:05:00.000Z',
        expiresAt: '2026-12-01T03:35:00.000Z',
      }),
    ]);
    expect(await rateOffer(key, new Date('2026-12-01T03:31:00Z'))).toMatchObject({ price: 40_000, weightGrams: 4_000 });
  });
});
