import { OfflineError } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { canPay, CheckoutBloc, type ReadyCheckout } from './checkout-bloc';
import {
  catLitter,
  checkoutView,
  FakeCartRepository,
  FakeCatalogRepository,
  FakeCheckoutRepository,
  kemangAddress,
  kittenFood,
  officeAddress,
  problem,
  quoteFor,
  rate,
  SHOP_A,
  SHOP_B,
} from './fakes';

function setUp() {
  const cart = new FakeCartRepository({ product: kittenFood, quantity: 2 }, { product: catLitter, quantity: 1 });
  const catalog = new FakeCatalogRepository();
  catalog.products.set(kittenFood.productId, kittenFood);
  catalog.products.set(catLitter.productId, catLitter);
  const checkout = new FakeCheckoutRepository();
  checkout.rateAnswers.set(SHOP_A.vendorId, [[rate('grab', 'instant', 21_000, 0, 0), rate('jne', 'REG', 40_000)]]);
  checkout.rateAnswers.set(SHOP_B.vendorId, [[rate('sicepat', 'REG', 56_000), rate('jne', 'YES', 104_000, 1, 1)]]);
  let keys = 0;
  const bloc = new CheckoutBloc(cart, catalog, checkout, () => `key-${++keys}`);
  return { cart, catalog, checkout, bloc };
}

const twoShopQuote = quoteFor([
  { ...SHOP_A, subtotal: 578_000, shipping: 21_000 },
  { ...SHOP_B, subtotal: 67_000, shipping: 56_000 },
]);

function ready(bloc: CheckoutBloc): ReadyCheckout {
  if (bloc.state.status !== 'ready') throw new Error(`not ready: ${bloc.state.status}`);
  return bloc.state;
}

async function chooseBoth(bloc: CheckoutBloc) {
  await bloc.add({ type: 'courier-chosen', vendorId: SHOP_A.vendorId, serviceCode: 'grab:instant' });
  await bloc.add({ type: 'courier-chosen', vendorId: SHOP_B.vendorId, serviceCode: 'sicepat:reg' });
}

describe('CheckoutBloc', () => {
  it('asks each shop’s rates for its parcel to the default address, and quotes once every shop has a courier', async () => {
    const { bloc, checkout } = setUp();
    checkout.quoteAnswers.push(twoShopQuote);
    await bloc.add({ type: 'started' });
    expect(ready(bloc).addressId).toBe(kemangAddress.addressId);
    expect(checkout.rateCalls).toEqual([
      { vendorId: SHOP_A.vendorId, addressId: kemangAddress.addressId, weightGrams: 4000, value: 578_000 },
      { vendorId: SHOP_B.vendorId, addressId: kemangAddress.addressId, weightGrams: 8000, value: 67_000 },
    ]);
    expect(ready(bloc).shops.map((shop) => shop.rates.status)).toEqual(['loaded', 'loaded']);

    await bloc.add({ type: 'courier-chosen', vendorId: SHOP_A.vendorId, serviceCode: 'grab:instant' });
    expect(checkout.quoteCalls).toEqual([]); // one shop still without a courier
    expect(canPay(bloc.state)).toBe(false);
    await bloc.add({ type: 'courier-chosen', vendorId: SHOP_B.vendorId, serviceCode: 'sicepat:reg' });
    expect(checkout.quoteCalls).toEqual([
      {
        addressId: kemangAddress.addressId,
        shipping: { [SHOP_A.vendorId]: 'grab:instant', [SHOP_B.vendorId]: 'sicepat:reg' },
      },
    ]);
    expect(ready(bloc).quote).toEqual({ status: 'loaded', quote: twoShopQuote });
    expect(canPay(bloc.state)).toBe(true);
  });

  it('pays with one Idempotency-Key, the same on a retry after a lost answer, a new one after the choice changes', async () => {
    const { bloc, checkout } = setUp();
    checkout.quoteAnswers.push(twoShopQuote, twoShopQuote);
    checkout.checkoutAnswers.push(new OfflineError('id'), new OfflineError('id'), checkoutView());
    await bloc.add({ type: 'started' });
    await chooseBoth(bloc);
    await bloc.add({ type: 'pay-requested' });
    expect(ready(bloc)).toMatchObject({ paying: false, payError: { kind: 'message' } });
    await bloc.add({ type: 'pay-requested' });
    await bloc.add({ type: 'courier-chosen', vendorId: SHOP_A.vendorId, serviceCode: 'jne:reg' });
    await bloc.add({ type: 'pay-requested' });
    expect(checkout.checkoutCalls.map((call) => call.key)).toEqual(['key-1', 'key-1', 'key-2']);
    expect(checkout.checkoutCalls[2]!.shipping[SHOP_A.vendorId]).toBe('jne:reg');
    expect(bloc.state).toEqual({ status: 'placed', checkout: checkoutView() });
  });

  it('on 409 rates-needed asks that shop’s rates again for the parcel weight named, then quotes again', async () => {
    const { bloc, checkout } = setUp();
    checkout.quoteAnswers.push(
      problem(409, 'rates-needed', {
        shops: [
          { vendorId: SHOP_B.vendorId, serviceCode: 'sicepat:reg', weightGrams: 9000, problem: 'heavier_parcel' },
        ],
      }),
      twoShopQuote,
    );
    await bloc.add({ type: 'started' });
    await chooseBoth(bloc);
    expect(checkout.rateCalls.slice(2)).toEqual([
      { vendorId: SHOP_B.vendorId, addressId: kemangAddress.addressId, weightGrams: 9000, value: 67_000 },
    ]);
    expect(checkout.quoteCalls).toHaveLength(2);
    expect(ready(bloc).quote.status).toBe('loaded');
    expect(ready(bloc).shops[1]!.chosen).toBe('sicepat:reg');
  });

  it('asks rates again only once: a second rates-needed is shown as the quote’s problem', async () => {
    const { bloc, checkout } = setUp();
    const needed = problem(409, 'rates-needed', { shops: [{ vendorId: SHOP_A.vendorId, weightGrams: 4000 }] });
    checkout.quoteAnswers.push(needed, needed);
    await bloc.add({ type: 'started' });
    await chooseBoth(bloc);
    expect(checkout.quoteCalls).toHaveLength(2);
    expect(ready(bloc).quote).toMatchObject({ status: 'error', error: { code: 'rates-needed' } });
    await bloc.add({ type: 'quote-retry-requested' });
    expect(checkout.quoteCalls).toHaveLength(3);
  });

  it('on 409 quote-needed at payment quotes again and waits for the customer to confirm the new total', async () => {
    const { bloc, checkout } = setUp();
    const newer = quoteFor([
      { ...SHOP_A, subtotal: 578_000, shipping: 25_000 },
      { ...SHOP_B, subtotal: 67_000, shipping: 56_000 },
    ]);
    checkout.quoteAnswers.push(twoShopQuote, newer);
    checkout.checkoutAnswers.push(problem(409, 'quote-needed'), checkoutView());
    await bloc.add({ type: 'started' });
    await chooseBoth(bloc);
    await bloc.add({ type: 'pay-requested' });
    expect(ready(bloc)).toMatchObject({ quoteRenewed: true, paying: false, quote: { status: 'loaded', quote: newer } });
    expect(checkout.checkoutCalls).toHaveLength(1);
    await bloc.add({ type: 'pay-requested' });
    expect(checkout.checkoutCalls.map((call) => call.key)).toEqual(['key-1', 'key-2']);
    expect(bloc.state.status).toBe('placed');
  });

  it('on 409 stock-gone names the lines from the cart', async () => {
    const { bloc, checkout } = setUp();
    checkout.quoteAnswers.push(twoShopQuote);
    checkout.checkoutAnswers.push(
      problem(409, 'stock-gone', {
        lines: [{ productId: catLitter.productId, quantity: 1, problem: 'not_enough_stock', available: 0 }],
      }),
    );
    await bloc.add({ type: 'started' });
    await chooseBoth(bloc);
    await bloc.add({ type: 'pay-requested' });
    expect(ready(bloc)).toMatchObject({
      payError: { kind: 'problem', code: 'stock-gone' },
      gone: [{ productId: catLitter.productId, name: catLitter.name, problem: 'not_enough_stock', available: 0 }],
    });
  });

  it('a new address asks every shop’s rates again and keeps a courier that is still offered', async () => {
    const { bloc, checkout } = setUp();
    checkout.addressAnswer = [kemangAddress, officeAddress];
    checkout.quoteAnswers.push(twoShopQuote, twoShopQuote);
    await bloc.add({ type: 'started' });
    await chooseBoth(bloc);
    checkout.rateAnswers.set(SHOP_A.vendorId, [[rate('jne', 'REG', 40_000)]]);
    await bloc.add({ type: 'address-chosen', addressId: officeAddress.addressId });
    expect(checkout.rateCalls.slice(2).map((call) => call.addressId)).toEqual([
      officeAddress.addressId,
      officeAddress.addressId,
    ]);
    expect(ready(bloc).shops.map((shop) => shop.chosen)).toEqual([null, 'sicepat:reg']);
    expect(ready(bloc).quote.status).toBe('idle');
    expect(checkout.quoteCalls).toHaveLength(1);
  });

  it('a shop whose rates fail shows the problem and asks again on retry', async () => {
    const { bloc, checkout } = setUp();
    checkout.rateAnswers.set(SHOP_B.vendorId, [problem(422, 'unreachable'), [rate('jne', 'REG', 60_000)]]);
    await bloc.add({ type: 'started' });
    expect(ready(bloc).shops[1]!.rates).toMatchObject({ status: 'error', error: { status: 422 } });
    await bloc.add({ type: 'rates-retry-requested', vendorId: SHOP_B.vendorId });
    expect(ready(bloc).shops[1]!.rates).toMatchObject({ status: 'loaded', items: [{ serviceCode: 'jne:reg' }] });
  });

  it('an unknown weight starts at one gram: the API names the real one', async () => {
    const { bloc, checkout, catalog } = setUp();
    catalog.products.delete(catLitter.productId);
    await bloc.add({ type: 'started' });
    expect(checkout.rateCalls[1]!.weightGrams).toBe(1);
  });

  it('says what is missing: an empty cart, no address, or lines to fix in the cart first', async () => {
    const empty = new CheckoutBloc(
      new FakeCartRepository(),
      new FakeCatalogRepository(),
      new FakeCheckoutRepository(),
      () => 'k',
    );
    await empty.add({ type: 'started' });
    expect(empty.state.status).toBe('empty');

    const noAddress = setUp();
    noAddress.checkout.addressAnswer = [];
    await noAddress.bloc.add({ type: 'started' });
    expect(noAddress.bloc.state.status).toBe('no-address');

    const blocked = setUp();
    blocked.cart.warnings = [{ productId: catLitter.productId, problem: 'unavailable' }];
    await blocked.bloc.add({ type: 'started' });
    expect(blocked.bloc.state.status).toBe('cart-blocked');
    expect(blocked.checkout.rateCalls).toEqual([]);
  });
});
