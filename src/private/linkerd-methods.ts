/** Methods that are safe (RFC 9110 §9.2.1): a route matching only these is retryable by default. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Methods whose retry repeats a side effect: retrying them needs `allowUnsafeRetries`. */
export const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PATCH', 'CONNECT']);
