import { describe, expect, it } from 'vitest';
import { CartBloc } from './cart-bloc';
import { catLitter, FakeCartRepository, FakeCatalogRepository, kittenFood, problem, product } from './fakes';
import { maxQuantity, ProductBloc } from './product-bloc';

describe('ProductBloc', () => {
  it('loads the product with a quantity of one, kept between one and what is in stock', async () => {
    const catalog = new FakeCatalogRepository();
    catalog.products.set(catLitter.productId, catLitter);
    const bloc = new ProductBloc(catalog, new FakeCartRepository(), catLitter.productId);
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'loaded', product: catLitter, quantity: 1 });
    await bloc.add({ type: 'quantity-changed', quantity: 10 });
    expect(bloc.state).toMatchObject({ quantity: 3 }); // 3 in stock
    await bloc.add({ type: 'quantity-changed', quantity: 0 });
    expect(bloc.state).toMatchObject({ quantity: 1 });
  });

  it('adds to what the cart already holds of the product', async () => {
    const catalog = new FakeCatalogRepository();
    catalog.products.set(kittenFood.productId, kittenFood);
    const cart = new FakeCartRepository({ product: kittenFood, quantity: 2 });
    const bloc = new ProductBloc(catalog, cart, kittenFood.productId);
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'quantity-changed', quantity: 3 });
    await bloc.add({ type: 'add-requested' });
    expect(cart.calls).toEqual(['cart', `set ${kittenFood.productId} 5`]);
    expect(bloc.state).toMatchObject({ adding: 'added', inCart: 5 });
  });

  it('shows the refusal (not enough stock) and lets the customer try again', async () => {
    const catalog = new FakeCatalogRepository();
    catalog.products.set(kittenFood.productId, kittenFood);
    const cart = new FakeCartRepository();
    cart.failures.push(problem(409, 'not-enough-stock', { available: 1 }));
    const bloc = new ProductBloc(catalog, cart, kittenFood.productId);
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'add-requested' });
    expect(bloc.state).toMatchObject({ adding: 'failed', addError: { kind: 'problem', code: 'not-enough-stock' } });
    await bloc.add({ type: 'add-requested' });
    expect(bloc.state).toMatchObject({ adding: 'added', addError: null });
  });

  it('an unknown product is a 404 in words; sold out means nothing can be added', async () => {
    const bloc = new ProductBloc(new FakeCatalogRepository(), new FakeCartRepository(), 'nope');
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'error', error: { kind: 'problem', status: 404 } });
    expect(maxQuantity(product({ inStock: false, available: 0 }))).toBe(0);
    expect(maxQuantity(product({ available: 500 }))).toBe(99);
    const catalog = new FakeCatalogRepository();
    const soldOut = product({ productId: 'sold', inStock: false, available: 0 });
    catalog.products.set('sold', soldOut);
    const cart = new FakeCartRepository();
    const empty = new ProductBloc(catalog, cart, 'sold');
    await empty.add({ type: 'load-requested' });
    await empty.add({ type: 'add-requested' });
    expect(empty.state).toMatchObject({ quantity: 0, adding: 'idle' });
    expect(cart.calls).toEqual([]);
  });
});

describe('CartBloc', () => {
  it('sets a quantity, removes a line at zero or on request, keeping the API’s answer', async () => {
    const cart = new FakeCartRepository({ product: kittenFood, quantity: 1 }, { product: catLitter, quantity: 1 });
    const bloc = new CartBloc(cart);
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'quantity-changed', productId: kittenFood.productId, quantity: 2 });
    await bloc.add({ type: 'quantity-changed', productId: catLitter.productId, quantity: 0 });
    expect(cart.calls).toEqual(['cart', `set ${kittenFood.productId} 2`, `remove ${catLitter.productId}`]);
    expect(bloc.state).toMatchObject({ status: 'loaded', busy: null });
    if (bloc.state.status !== 'loaded') throw new Error('not loaded');
    expect(bloc.state.cart.items.map((item) => [item.name, item.quantity])).toEqual([[kittenFood.name, 2]]);
    await bloc.add({ type: 'remove-requested', productId: kittenFood.productId });
    expect(bloc.state.status === 'loaded' && bloc.state.cart.items).toEqual([]);
  });

  it('shows a refused quantity with its line and keeps the cart as it was', async () => {
    const cart = new FakeCartRepository({ product: catLitter, quantity: 1 });
    const bloc = new CartBloc(cart);
    await bloc.add({ type: 'load-requested' });
    cart.failures.push(problem(409, 'not-enough-stock', { available: 3 }));
    await bloc.add({ type: 'quantity-changed', productId: catLitter.productId, quantity: 4 });
    expect(bloc.state).toMatchObject({
      status: 'loaded',
      busy: null,
      lineError: { productId: catLitter.productId, error: { code: 'not-enough-stock' } },
    });
    expect(bloc.state.status === 'loaded' && bloc.state.cart.items[0]!.quantity).toBe(1);
  });

  it('accepting a changed price sets the same quantity, and the warning goes', async () => {
    const cart = new FakeCartRepository({ product: kittenFood, quantity: 2 });
    cart.warnings = [{ productId: kittenFood.productId, problem: 'price_changed', seen: 250_000, now: 289_000 }];
    const bloc = new CartBloc(cart);
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state.status === 'loaded' && bloc.state.cart.warnings).toHaveLength(1);
    await bloc.add({ type: 'price-accepted', productId: kittenFood.productId });
    expect(cart.calls.at(-1)).toBe(`set ${kittenFood.productId} 2`);
    expect(bloc.state.status === 'loaded' && bloc.state.cart.warnings).toEqual([]);
  });

  it('a failed first load is an error; a failed reload keeps the cart shown', async () => {
    const cart = new FakeCartRepository({ product: kittenFood, quantity: 1 });
    cart.failures.push(problem(503, 'unavailable'));
    const bloc = new CartBloc(cart);
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'error', error: { status: 503 } });
    await bloc.add({ type: 'load-requested' });
    cart.failures.push(problem(503, 'unavailable'));
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'loaded', reloadError: { status: 503 } });
  });
});
