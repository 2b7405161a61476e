/**
 * HTTP methods and their safety (RFC 9110 §9.2): the one table the constructs, the patterns and the analysis
 * read. A retry replays a request: harmless for safe and idempotent methods, a repeated side effect for the rest.
 */

/** Every standard method (RFC 9110 §9.3 and RFC 5789), in the order the RFC lists them. */
export const HTTP_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** Safe methods (RFC 9110 §9.2.1): read-only. A route matching only these is retryable by default. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Idempotent methods (RFC 9110 §9.2.2): the safe ones, PUT and DELETE. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([...SAFE_METHODS, 'PUT', 'DELETE']);

/** Methods whose replay repeats a side effect (neither safe nor idempotent): POST, PATCH and CONNECT. */
export const UNSAFE_METHODS: ReadonlySet<string> = new Set(HTTP_METHODS.filter(m => !IDEMPOTENT_METHODS.has(m)));

/** The unsafe methods, in table order, as a list (for messages and scans). */
export const NON_IDEMPOTENT_METHODS: readonly string[] = ['POST', 'PATCH', 'CONNECT'];

/** Whether replaying `method` is harmless. */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method);
}

/** `POST`, `POST and PATCH`, `POST, PATCH and CONNECT`: methods for a message. */
export function methodList(methods: readonly string[]): string {
  return methods.length <= 1 ? methods.join('') : `${methods.slice(0, -1).join(', ')} and ${methods[methods.length - 1]}`;
}
