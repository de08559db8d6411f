import { Bloc, type Emit } from '../../bloc/bloc';
import { toErrorView, type ErrorView } from '../../data/errors';
import { MAX_QUANTITY, type CartRepository } from './cart-repository';
import type { CatalogRepository, Product } from './catalog-repository';

export type ProductEvent =
  { type: 'load-requested' } | { type: 'quantity-changed'; quantity: number } | { type: 'add-requested' };

export type ProductState =
  | { status: 'loading' }
  | { status: 'error'; error: ErrorView }
  | {
      status: 'loaded';
      product: Product;
      quantity: number;
      adding: 'idle' | 'adding' | 'added' | 'failed';
      /** After "added": how many of this product the cart now holds. */
      inCart: number;
      addError: ErrorView | null;
    };

/** The most the customer can pick: what is in stock, within the cart's per-line limit. */
export function maxQuantity(product: Pick<Product, 'available' | 'inStock'>): number {
  if (!product.inStock) return 0;
  return Math.max(0, Math.min(MAX_QUANTITY, product.available ?? MAX_QUANTITY));
}

/** A product's page: details, stock, a quantity and "add to cart" (the screen asks for sign-in first). */
export class ProductBloc extends Bloc<ProductEvent, ProductState> {
  readonly #catalog: CatalogRepository;
  readonly #cart: CartRepository;
  readonly #productId: string;

  constructor(catalog: CatalogRepository, cart: CartRepository, productId: string) {
    super({ status: 'loading' });
    this.#catalog = catalog;
    this.#cart = cart;
    this.#productId = productId;
  }

  protected override async handle(event: ProductEvent, emit: Emit<ProductState>): Promise<void> {
    const state = this.state;
    switch (event.type) {
      case 'load-requested':
        emit({ status: 'loading' });
        try {
          const product = await this.#catalog.product(this.#productId);
          emit({
            status: 'loaded',
            product,
            quantity: maxQuantity(product) > 0 ? 1 : 0,
            adding: 'idle',
            inCart: 0,
            addError: null,
          });
        } catch (error) {
          emit({ status: 'error', error: toErrorView(error) });
        }
        return;
      case 'quantity-changed': {
        if (state.status !== 'loaded') return;
        const quantity = Math.max(1, Math.min(maxQuantity(state.product), Math.round(event.quantity)));
        return emit({ ...state, quantity, adding: state.adding === 'adding' ? 'adding' : 'idle', addError: null });
      }
      case 'add-requested': {
        if (state.status !== 'loaded' || state.adding === 'adding' || state.quantity < 1) return;
        emit({ ...state, adding: 'adding', addError: null });
        try {
          // PUT sets a line's quantity: add to what the cart already holds of this product.
          const cart = await this.#cart.cart();
          const before = cart.items.find((item) => item.productId === this.#productId)?.quantity ?? 0;
          const wanted = Math.min(MAX_QUANTITY, before + state.quantity);
          const after = await this.#cart.setQuantity(this.#productId, wanted);
          const inCart = after.items.find((item) => item.productId === this.#productId)?.quantity ?? wanted;
          emit({ ...state, adding: 'added', inCart, addError: null });
        } catch (error) {
          emit({ ...state, adding: 'failed', addError: toErrorView(error) });
        }
        return;
      }
    }
  }
}
