import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { Bloc } from './bloc';

/** A Bloc's current state, re-rendering on every new one (the View side of MVVM). */
export function useBlocState<State>(bloc: Bloc<unknown, State>): State {
  return useSyncExternalStore(
    (onChange) => bloc.subscribe(onChange),
    () => bloc.state,
    () => bloc.state,
  );
}

/**
 * A screen's Bloc state, having added `start` (its first load) once when the screen shows this Bloc.
 * Only the first `start` counts: a new Bloc starts again, a re-render does not.
 */
export function useStartedBlocState<Event, State>(bloc: Bloc<Event, State>, start: Event): State {
  const firstStart = useRef(start);
  useEffect(() => {
    void bloc.add(firstStart.current);
  }, [bloc]);
  return useBlocState(bloc);
}
