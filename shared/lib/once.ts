/**
 * A value built on first use, then kept: a wiring's use cases, a port, a schema.
 * Module-level calls are written `/* @__PURE__ *\/ once(…)`: calling it only wraps `build`, and the
 * annotation lets the bundler drop the wirings a handler does not use (each handler bundles only
 * its area, decision 0005; esbuild ignored `@__NO_SIDE_EFFECTS__` on this declaration).
 */
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
