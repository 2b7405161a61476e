import { checkStaticArguments } from '../core/strict-props';

/** Which side of a request a telemetry setting applies to (`WorkloadMode`). */
export enum WorkloadMode {
  /** Both the client's and the server's proxy (Istio's default when the field is absent). */
  CLIENT_AND_SERVER = 'CLIENT_AND_SERVER',
  /** Only the calling workload's proxy (outbound requests). */
  CLIENT = 'CLIENT',
  /** Only the called workload's proxy (inbound requests). */
  SERVER = 'SERVER',
}

/** Istio's standard metrics (`MetricSelector.IstioMetric`). */
export enum IstioMetric {
  /** Every standard metric. */
  ALL_METRICS = 'ALL_METRICS',
  /** `istio_requests_total`. */
  REQUEST_COUNT = 'REQUEST_COUNT',
  /** `istio_request_duration_milliseconds`. */
  REQUEST_DURATION = 'REQUEST_DURATION',
  /** `istio_request_bytes`. */
  REQUEST_SIZE = 'REQUEST_SIZE',
  /** `istio_response_bytes`. */
  RESPONSE_SIZE = 'RESPONSE_SIZE',
  /** `istio_tcp_connections_opened_total`. */
  TCP_OPENED_CONNECTIONS = 'TCP_OPENED_CONNECTIONS',
  /** `istio_tcp_connections_closed_total`. */
  TCP_CLOSED_CONNECTIONS = 'TCP_CLOSED_CONNECTIONS',
  /** `istio_tcp_sent_bytes_total`. */
  TCP_SENT_BYTES = 'TCP_SENT_BYTES',
  /** `istio_tcp_received_bytes_total`. */
  TCP_RECEIVED_BYTES = 'TCP_RECEIVED_BYTES',
  /** `istio_request_messages_total` (gRPC). */
  GRPC_REQUEST_MESSAGES = 'GRPC_REQUEST_MESSAGES',
  /** `istio_response_messages_total` (gRPC). */
  GRPC_RESPONSE_MESSAGES = 'GRPC_RESPONSE_MESSAGES',
}

/**
 * A change to one tag (label) of the selected metrics (`MetricsOverrides.TagOverride`). Made with `upsert()` or
 * `remove()`, so that the CRD's rules (a value exactly when the operation is UPSERT) hold by construction.
 */
export class MetricTagOverride {
  /**
   * Adds the tag, or replaces its value, with the value of a CEL expression over Istio's attributes
   * (`request.host`, `string(destination.port)`, `'literal'` in single quotes). Must be non-empty and parse
   * as CEL.
   */
  public static upsert(valueExpression: string): MetricTagOverride {
    return new MetricTagOverride('UPSERT', valueExpression);
  }

  /** Removes the tag from the metrics, to lower their cardinality. */
  public static remove(): MetricTagOverride {
    return new MetricTagOverride('REMOVE', undefined);
  }

  /** `UPSERT` or `REMOVE`. */
  public readonly operation: string;
  /**
   * The CEL expression of an upsert.
   * @default - none: a REMOVE carries no value
   */
  public readonly value?: string;

  private constructor(operation: string, value: string | undefined) {
    this.operation = operation;
    this.value = value;
  }
}

/** Customisation of metrics (`MetricsOverrides`): which metrics, on which side, disabled or re-tagged. */
export interface MetricOverride {
  /**
   * The standard metric(s) to change. Not with `customMetric`.
   *
   * @default - every metric (as `IstioMetric.ALL_METRICS`), unless `customMetric` is set
   */
  readonly metric?: IstioMetric;
  /**
   * A metric by its name without the `istio_` prefix (`requests_total`), for metrics beyond the standard
   * set. Not with `metric`.
   *
   * @default - none
   */
  readonly customMetric?: string;
  /**
   * The side whose metrics change.
   *
   * @default WorkloadMode.CLIENT_AND_SERVER - Istio's default when the field is absent
   */
  readonly mode?: WorkloadMode;
  /**
   * Stop generating the selected metrics. Not with `tagOverrides`.
   *
   * @default false
   */
  readonly disabled?: boolean;
  /**
   * Tag changes, by tag name (`request_host`, `destination_port`).
   *
   * @default - none
   */
  readonly tagOverrides?: { [tag: string]: MetricTagOverride };
}

/**
 * A tag added to every span (`Tracing.CustomTag`): a literal, an environment variable of the proxy, a request
 * header, or an access-log formatter value. One source per tag, guaranteed by construction.
 */
export class TracingTag {
  /** A fixed value. */
  public static literal(value: string): TracingTag {
    return new TracingTag('literal', { value });
  }

  /** The value of an environment variable of the proxy, or `defaultValue` when it is unset. */
  public static environment(name: string, defaultValue?: string): TracingTag {
    return new TracingTag('environment', { name, defaultValue });
  }

  /** The value of a request header, or `defaultValue` when it is absent. */
  public static header(name: string, defaultValue?: string): TracingTag {
    return new TracingTag('header', { name, defaultValue });
  }

  /** An access-log formatter expression (`%REQ(x-user)%`, `%UPSTREAM_HOST%`). */
  public static formatter(value: string): TracingTag {
    return new TracingTag('formatter', { value });
  }

  /** `literal`, `environment`, `header` or `formatter`. */
  public readonly kind: string;
  /** The value (literal, formatter) or the variable or header name (environment, header). */
  public readonly source: string;
  /**
   * The fallback of an environment variable or header.
   * @default - none: the tag is omitted when the variable or header is absent
   */
  public readonly defaultValue?: string;

  private constructor(kind: string, fields: { value?: string; name?: string; defaultValue?: string }) {
    this.kind = kind;
    this.source = (fields.value ?? fields.name)!;
    this.defaultValue = fields.defaultValue;
  }
}

checkStaticArguments(MetricTagOverride, 'istio.MetricTagOverride');
checkStaticArguments(TracingTag, 'istio.TracingTag');
