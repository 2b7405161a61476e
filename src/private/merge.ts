/**
 * `{ ...base, ...extra }`: the same keys in the same order, built with `Object.assign`.
 *
 * On Node 20 (V8 11.3) an object literal that starts with a spread of a non-empty object and then adds a
 * property (`{ ...metadata, namespace }`) leaves V8's fast path: the copy takes 0.4 to 2 µs instead of about
 * 50 ns, since the clone's hidden class is outside the transition tree and every added key makes a new one.
 * The constructs do this for every object they emit (issue 9), so they merge with this instead.
 *
 * The one difference to a spread: a `__proto__` key of `base` or `extra` sets the result's prototype
 * instead of becoming a property; the renderer and the metadata checks refuse such objects anyway.
 */
export function merge<A extends object, B extends object>(base: A | undefined, extra: B): A & B {
  return Object.assign({}, base, extra);
}
