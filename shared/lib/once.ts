/** A value built on first use, then kept: a wiring's use cases, a port, a schema. */
export function once<T>(build: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = build();
      done = true;
    }
    return value;
  };
}
