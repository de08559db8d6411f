export type Listener<State> = (state: State) => void;
export type Emit<State> = (state: State) => void;

/**
 * A small typed Bloc: events go in through `add`, states come out to subscribers. A subclass turns
 * each event into zero or more states in `handle` (async allowed); events are handled one at a
 * time, in the order they were added, so a slow answer never overwrites a newer one.
 */
export abstract class Bloc<Event, State> {
  #state: State;
  readonly #listeners = new Set<Listener<State>>();
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  protected constructor(initial: State) {
    this.#state = initial;
  }

  get state(): State {
    return this.#state;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Hears every new state (not the current one); returns the unsubscribe. */
  subscribe(listener: Listener<State>): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Queues an event; the promise settles once it has been handled (tests await it, screens need not). */
  add(event: Event): Promise<void> {
    if (this.#closed) return Promise.resolve();
    const handled = this.#queue
      .then(() => this.handle(event, (state) => this.#emit(state)))
      .catch((error: unknown) => this.onError(error, event));
    this.#queue = handled.catch(() => undefined); // a failed event does not stop the next
    return handled;
  }

  /** Stops handling events and forgets the listeners. */
  close(): void {
    this.#closed = true;
    this.#listeners.clear();
  }

  protected abstract handle(event: Event, emit: Emit<State>): Promise<void> | void;

  /** An error `handle` did not turn into a state; by default it is rethrown to the `add` caller. */
  protected onError(error: unknown, _event: Event): void {
    throw error;
  }

  #emit(state: State): void {
    if (this.#closed || Object.is(state, this.#state)) return;
    this.#state = state;
    for (const listener of this.#listeners) listener(state);
  }
}
