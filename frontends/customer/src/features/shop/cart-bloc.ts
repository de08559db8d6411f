import { Bloc, type Emit } from '../../bloc/bloc';
import { toErrorView, type ErrorView } from '../../data/errors';
import { MAX_QUANTITY, type Cart, type CartRepository } from './cart-repository';

export type CartEvent =
  | { type: 'load-requested' }
  | { type: 'quantity-changed'; productId: string; quantity: number }
  | { type: 'remove-requested'; productId: string }
  /** The customer saw the new price: setting the same quantity records today's price as seen. */
  | { type: 'price-accepted'; productId: string };

export type CartState =
  | { status: 'loading' }
  | { status: 'error'; error: ErrorView }
  | {
      status: 'loaded';
      cart: Cart;
      /** The line being changed (its controls wait). */
      busy: string | null;
      /** A refused change (e.g. 409 not enough stock), shown with the line it was for. */
      lineError: { productId: string; error: ErrorView } | null;
      /** A reload that failed: the cart shown is the one read before. */
      reloadError: ErrorView | null;
    };

/** The cart screen: one cart across shops, quantities, removal, the API's warnings per line. */
export class CartBloc extends Bloc<CartEvent, CartState> {
  readonly #cart: CartRepository;

  constructor(cart: CartRepository) {
    super({ status: 'loading' });
    this.#cart = cart;
  }

  protected override async handle(event: CartEvent, emit: Emit<CartState>): Promise<void> {
    const state = this.state;
    if (event.type === 'load-requested') {
      if (state.status !== 'loaded') emit({ status: 'loading' });
      try {
        emit({ status: 'loaded', cart: await this.#cart.cart(), busy: null, lineError: null, reloadError: null });
      } catch (error) {
        emit(
          state.status === 'loaded'
            ? { ...state, reloadError: toErrorView(error) }
            : { status: 'error', error: toErrorView(error) },
        );
      }
      return;
    }
    if (state.status !== 'loaded' || state.busy) return;
    const line = state.cart.items.find((item) => item.productId === event.productId);
    if (!line) return;
    emit({ ...state, busy: event.productId, lineError: null, reloadError: null });
    try {
      let cart: Cart;
      if (event.type === 'remove-requested') cart = await this.#cart.remove(event.productId);
      else if (event.type === 'price-accepted') cart = await this.#cart.setQuantity(event.productId, line.quantity);
      else {
        const quantity = Math.round(event.quantity);
        cart =
          quantity < 1
            ? await this.#cart.remove(event.productId)
            : await this.#cart.setQuantity(event.productId, Math.min(MAX_QUANTITY, quantity));
      }
      emit({ status: 'loaded', cart, busy: null, lineError: null, reloadError: null });
    } catch (error) {
      emit({ ...state, busy: null, lineError: { productId: event.productId, error: toErrorView(error) } });
    }
  }
}
