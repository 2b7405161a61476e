/**
 * Where an OpenAPI 3.0/3.1 or Swagger 2.0 document comes from, and how its operations become routes.
 *
 * Each operation becomes one route named `<METHOD> <path>` with an anchored `pathRegex` (`{id}` matches
 * `[^/]*`), one response class per declared status (5xx and `5XX` are failures), `isRetryable` true only for
 * GET, HEAD, OPTIONS and TRACE unless the operation sets `x-linkerd-retryable`, and the timeout of
 * `x-linkerd-timeout` (a Go duration such as `"5s"`). Routes are sorted by path, then method, as
 * `linkerd profile --open-api` sorts them.
 */
export interface OpenApiProfileOptions {
  /**
   * Path of a JSON (`.json`) or YAML document, relative to the working directory.
   *
   * @default - `document` must be set
   */
  readonly file?: string;

  /**
   * The document, already parsed.
   *
   * @default - `file` must be set
   */
  readonly document?: any;

  /**
   * Lets operations that are not idempotent (POST, PATCH) be made retryable by `x-linkerd-retryable: true`.
   *
   * @default false - such an operation is an error
   */
  readonly allowUnsafeRetries?: boolean;
}
