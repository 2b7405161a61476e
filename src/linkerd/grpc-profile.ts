import { Duration } from 'cdk8s';

/** A method's `option idempotency_level` in its `.proto` file (google.protobuf.MethodOptions). */
export enum IdempotencyLevel {
  /** Not declared: the call may have side effects, so it is not retried. */
  IDEMPOTENCY_UNKNOWN = 'IDEMPOTENCY_UNKNOWN',
  /** A read: retryable. */
  NO_SIDE_EFFECTS = 'NO_SIDE_EFFECTS',
  /** Repeating the call has the effect of one call: retryable. */
  IDEMPOTENT = 'IDEMPOTENT',
}

/** An rpc of a gRPC service. */
export interface GrpcMethodDescriptor {
  /** The rpc's name, e.g. `GetPayment`. */
  readonly name: string;

  /**
   * The rpc's declared idempotency level. NO_SIDE_EFFECTS and IDEMPOTENT make the route retryable (gRPC
   * calls are POSTs; the declaration in the `.proto` is the opt-in).
   *
   * @default IdempotencyLevel.IDEMPOTENCY_UNKNOWN - not retryable
   */
  readonly idempotencyLevel?: IdempotencyLevel;

  /**
   * The route's timeout.
   *
   * @default - not rendered: Linkerd applies 10s
   */
  readonly timeout?: Duration;
}

/** A gRPC service, as declared in a `.proto` file. */
export interface GrpcServiceDescriptor {
  /**
   * The proto package, e.g. `payments.v1`.
   *
   * @default - no package
   */
  readonly packageName?: string;

  /** The service's name, e.g. `Payments`. */
  readonly name: string;

  /** The service's rpcs. */
  readonly methods: GrpcMethodDescriptor[];
}
