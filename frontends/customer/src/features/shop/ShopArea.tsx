import { randomUUID } from 'expo-crypto';
import { useCallback, useEffect, useMemo } from 'react';
import type { AreaProps } from '../../navigation';
import { CartBloc } from './cart-bloc';
import { ApiCartRepository } from './cart-repository';
import { CartScreen } from './CartScreen';
import { ApiCatalogRepository } from './catalog-repository';
import { CheckoutBloc } from './checkout-bloc';
import { ApiCheckoutRepository, type CheckoutView } from './checkout-repository';
import { CheckoutScreen } from './CheckoutScreen';
import { OrderBloc, OrdersBloc } from './orders-bloc';
import { ApiOrdersRepository } from './orders-repository';
import { OrderScreen } from './OrderScreen';
import { OrdersScreen } from './OrdersScreen';
import { PaymentBloc } from './payment-bloc';
import { PaymentScreen } from './PaymentScreen';
import { ProductBloc } from './product-bloc';
import { ProductScreen } from './ProductScreen';
import { needsSignIn, type ShopRoute } from './routes';
import { SearchBloc } from './search-bloc';
import { SearchScreen } from './SearchScreen';
import { SignInGate } from './ShopUi';

/** A Bloc made for one screen (remade when `key` changes), closed when the screen goes. */
function useScreenBloc<B extends { close(): void }>(make: () => B, key: unknown): B {
  // Remade only for a new screen (`key`), not for each new `make` closure.
  const bloc = useMemo(make, [key]);
  useEffect(() => () => bloc.close(), [bloc]);
  return bloc;
}

/**
 * The shop: the catalogue (search, product) is open to everyone; cart, checkout, payment and orders
 * need a signed-in customer. The composition root of the area: repositories over `services.api`,
 * one Bloc per screen (the search's lives as long as the area, so "back" finds the results again).
 */
export function ShopArea({ route, nav, services, app }: AreaProps<ShopRoute>) {
  const repositories = useMemo(
    () => ({
      catalog: new ApiCatalogRepository(services.api),
      cart: new ApiCartRepository(services.api),
      checkout: new ApiCheckoutRepository(services.api),
      orders: new ApiOrdersRepository(services.api),
    }),
    [services],
  );
  const search = useScreenBloc(() => new SearchBloc(repositories.catalog), repositories);

  // A screen of the customer's own: signed out, sign in first and come back to it.
  const openOwn = useCallback(
    (next: ShopRoute) => (app.signedIn ? nav.go(next) : nav.requireSignIn(next)),
    [app.signedIn, nav],
  );

  if (needsSignIn(route) && !app.signedIn) return <SignInGate onSignIn={() => nav.requireSignIn(route)} />;

  switch (route.screen) {
    case 'search':
      return (
        <SearchScreen
          bloc={search}
          onOpenProduct={(productId) => nav.go({ area: 'shop', screen: 'product', productId })}
          onOpenCart={() => openOwn({ area: 'shop', screen: 'cart' })}
          onOpenOrders={() => openOwn({ area: 'shop', screen: 'orders' })}
        />
      );
    case 'product':
      return <ProductRoute key={route.productId} route={route} nav={nav} app={app} repositories={repositories} />;
    case 'cart':
      return <CartRoute nav={nav} repositories={repositories} />;
    case 'checkout':
      return <CheckoutRoute nav={nav} repositories={repositories} />;
    case 'payment':
      return <PaymentRoute key={route.checkoutId} route={route} nav={nav} repositories={repositories} />;
    case 'orders':
      return <OrdersRoute nav={nav} repositories={repositories} cache={services.cache} />;
    case 'order':
      return (
        <OrderRoute key={route.orderId} route={route} nav={nav} repositories={repositories} cache={services.cache} />
      );
  }
}

type Repositories = {
  catalog: ApiCatalogRepository;
  cart: ApiCartRepository;
  checkout: ApiCheckoutRepository;
  orders: ApiOrdersRepository;
};
type Nav = AreaProps<ShopRoute>['nav'];
type Cache = AreaProps<ShopRoute>['services']['cache'];

function ProductRoute({
  route,
  nav,
  app,
  repositories,
}: {
  route: Extract<ShopRoute, { screen: 'product' }>;
  nav: Nav;
  app: AreaProps<ShopRoute>['app'];
  repositories: Repositories;
}) {
  const bloc = useScreenBloc(() => new ProductBloc(repositories.catalog, repositories.cart, route.productId), route);
  return (
    <ProductScreen
      bloc={bloc}
      signedIn={app.signedIn}
      onBack={() => nav.back()}
      onSignIn={() => nav.requireSignIn(route)}
      onOpenCart={() => nav.go({ area: 'shop', screen: 'cart' })}
    />
  );
}

function CartRoute({ nav, repositories }: { nav: Nav; repositories: Repositories }) {
  const bloc = useScreenBloc(() => new CartBloc(repositories.cart), repositories);
  return (
    <CartScreen
      bloc={bloc}
      onBack={() => nav.back()}
      onBrowse={() => nav.go({ area: 'shop', screen: 'search' })}
      onCheckout={() => nav.go({ area: 'shop', screen: 'checkout' })}
    />
  );
}

function CheckoutRoute({ nav, repositories }: { nav: Nav; repositories: Repositories }) {
  const bloc = useScreenBloc(
    () => new CheckoutBloc(repositories.cart, repositories.catalog, repositories.checkout, randomUUID),
    repositories,
  );
  const onPlaced = useCallback(
    (checkout: CheckoutView) => nav.replace({ area: 'shop', screen: 'payment', checkoutId: checkout.checkoutId }),
    [nav],
  );
  return (
    <CheckoutScreen
      bloc={bloc}
      onBack={() => nav.back()}
      onOpenCart={() => nav.replace({ area: 'shop', screen: 'cart' })}
      onAddAddress={() => nav.go({ area: 'profile', screen: 'address' })}
      onPlaced={onPlaced}
    />
  );
}

function PaymentRoute({
  route,
  nav,
  repositories,
}: {
  route: Extract<ShopRoute, { screen: 'payment' }>;
  nav: Nav;
  repositories: Repositories;
}) {
  const bloc = useScreenBloc(() => new PaymentBloc(repositories.checkout, route.checkoutId), route);
  return (
    <PaymentScreen
      bloc={bloc}
      onBack={() => nav.back()}
      onOrders={() => nav.replace({ area: 'shop', screen: 'orders' })}
      onShop={() => nav.replace({ area: 'shop', screen: 'search' })}
    />
  );
}

function OrdersRoute({ nav, repositories, cache }: { nav: Nav; repositories: Repositories; cache: Cache }) {
  const bloc = useScreenBloc(() => new OrdersBloc(repositories.orders, cache), repositories);
  return (
    <OrdersScreen
      bloc={bloc}
      onBack={() => nav.back()}
      onOpenOrder={(orderId) => nav.go({ area: 'shop', screen: 'order', orderId })}
    />
  );
}

function OrderRoute({
  route,
  nav,
  repositories,
  cache,
}: {
  route: Extract<ShopRoute, { screen: 'order' }>;
  nav: Nav;
  repositories: Repositories;
  cache: Cache;
}) {
  const bloc = useScreenBloc(() => new OrderBloc(repositories.orders, cache, route.orderId), route);
  return (
    <OrderScreen
      bloc={bloc}
      onBack={() => nav.back()}
      onPay={(checkoutId) => nav.go({ area: 'shop', screen: 'payment', checkoutId })}
    />
  );
}
