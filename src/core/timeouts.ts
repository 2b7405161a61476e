import { Duration } from 'cdk8s';

/**
 * The request timeout every route gets when it sets none, on every mesh and dialect. Istio's default is no
 * timeout; Linkerd, with neither a rule's `timeouts.request` nor a `timeout.linkerd.io/request` annotation,
 * applies none either; 15s is Envoy's own route default.
 */
export const DEFAULT_ROUTE_TIMEOUT = Duration.seconds(15);
