import { useSyncExternalStore } from 'react';
import type { Bloc } from './bloc';

/** A Bloc's current state, re-rendering on every new one (the View side of MVVM). */
export function useBlocState<State>(bloc: Bloc<unknown, State>): State {
  return useSyncExternalStore(
    (onChange) => bloc.subscribe(onChange),
    () => bloc.state,
    () => bloc.state,
  );
}
