import { Bloc, type Emit } from '../../bloc/bloc';
import { toErrorView, type ErrorView } from '../../data/errors';
import type { CheckoutRepository, CheckoutView } from './checkout-repository';

export type PaymentEvent = { type: 'refresh-requested' } | { type: 'page-opened' };

export type PaymentState =
  | { status: 'loading' }
  | { status: 'error'; error: ErrorView }
  | {
      status: 'shown';
      checkout: CheckoutView;
      /** The customer opened the payment page at least once (the screen then says it is waiting). */
      opened: boolean;
      /** The last poll failed (offline…): the status shown is the one read before. */
      refreshError: ErrorView | null;
    };

/** How often the screen asks again while the payment is open: the provider's page does not come back to the app. */
export const PAYMENT_POLL_MS = 3000;

/** Ask again while the payment is open (or its page is still being made). */
export function shouldPoll(state: PaymentState): boolean {
  return state.status === 'shown' && state.checkout.status === 'pending_payment';
}

/**
 * After "Bayar": the checkout's payment page (the provider's, or the sandbox's locally) and its outcome.
 * The page is opened in a browser; it does not redirect back to the app, so the status is asked again
 * (the screen polls, and on return from the in-app browser) until the checkout is paid or expired.
 */
export class PaymentBloc extends Bloc<PaymentEvent, PaymentState> {
  readonly #checkouts: CheckoutRepository;
  readonly #checkoutId: string;

  constructor(checkouts: CheckoutRepository, checkoutId: string) {
    super({ status: 'loading' });
    this.#checkouts = checkouts;
    this.#checkoutId = checkoutId;
  }

  protected override async handle(event: PaymentEvent, emit: Emit<PaymentState>): Promise<void> {
    const state = this.state;
    if (event.type === 'page-opened') {
      if (state.status === 'shown') emit({ ...state, opened: true });
      return;
    }
    try {
      const checkout = await this.#checkouts.checkoutStatus(this.#checkoutId);
      const opened = state.status === 'shown' ? state.opened : false;
      emit({ status: 'shown', checkout, opened, refreshError: null });
    } catch (error) {
      emit(
        state.status === 'shown'
          ? { ...state, refreshError: toErrorView(error) }
          : { status: 'error', error: toErrorView(error) },
      );
    }
  }
}
