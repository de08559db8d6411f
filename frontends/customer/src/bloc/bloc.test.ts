import { describe, expect, it } from 'vitest';
import { Bloc, type Emit } from './bloc';

type Event = { type: 'add'; by: number; delayMs?: number } | { type: 'fail' };

class CounterBloc extends Bloc<Event, number> {
  constructor() {
    super(0);
  }

  protected override async handle(event: Event, emit: Emit<number>): Promise<void> {
    if (event.type === 'fail') throw new Error('boom');
    if (event.delayMs) await new Promise((resolve) => setTimeout(resolve, event.delayMs));
    emit(this.state + event.by);
  }
}

describe('Bloc', () => {
  it('handles events one at a time, in order, telling subscribers each new state', async () => {
    const bloc = new CounterBloc();
    const seen: number[] = [];
    bloc.subscribe((state) => seen.push(state));
    void bloc.add({ type: 'add', by: 1, delayMs: 20 });
    await bloc.add({ type: 'add', by: 10 });
    expect(seen).toEqual([1, 11]);
    expect(bloc.state).toBe(11);
  });

  it('rethrows an unhandled error to the caller and goes on with the next event', async () => {
    const bloc = new CounterBloc();
    await expect(bloc.add({ type: 'fail' })).rejects.toThrow('boom');
    await bloc.add({ type: 'add', by: 2 });
    expect(bloc.state).toBe(2);
  });

  it('stops after close and forgets its subscribers', async () => {
    const bloc = new CounterBloc();
    const seen: number[] = [];
    const unsubscribe = bloc.subscribe((state) => seen.push(state));
    await bloc.add({ type: 'add', by: 1 });
    unsubscribe();
    await bloc.add({ type: 'add', by: 1 });
    bloc.close();
    await bloc.add({ type: 'add', by: 1 });
    expect(seen).toEqual([1]);
    expect(bloc.state).toBe(2);
  });
});
