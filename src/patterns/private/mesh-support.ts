import { IConstruct } from 'constructs';
import { meshError, shown } from '../../core/errors';
import { IstioDialect, Mesh } from '../../core/mesh';

/**
 * The error of a pattern asked for what its mesh cannot express: names the mesh (and dialect), the feature and
 * the alternative. Never a silent drop.
 *
 * `[payments/canary] mirror is not supported on Linkerd (HTTPRoute): Linkerd implements no request mirroring. Send the new version a small weight instead ...`
 */
export function unsupported(scope: IConstruct, mesh: Mesh, prop: string, why: string, alternative: string): Error {
  return meshError(scope, prop, `is not supported on ${mesh.displayName}: ${why}`, alternative);
}

/** Throws unless `mesh` is a `Mesh` (from JavaScript, anything can arrive). */
export function requireMesh(scope: IConstruct, mesh: unknown): Mesh {
  if (!(mesh instanceof Mesh)) {
    throw meshError(scope, 'mesh', `must be a Mesh, got ${shown(mesh)}`, 'Use Mesh.istio(), Mesh.istio({ dialect: IstioDialect.GAMMA }) or Mesh.linkerd()');
  }
  return mesh;
}

/**
 * Throws on Istio GAMMA unless the mesh states that its default retry policy is off: Istio applies that policy
 * to every HTTPRoute rule, POST included, and a Gateway API route cannot render `retries: {attempts: 0}`.
 */
export function requireNoDefaultRetries(scope: IConstruct, mesh: Mesh): void {
  if (mesh.dialect !== IstioDialect.GAMMA || mesh.meshDefaultRetriesDisabled) return;
  throw unsupported(scope, mesh, 'mesh', 'Istio applies its default retry policy (2 attempts on connect-failure, refused-stream, unavailable, cancelled) to HTTPRoute rules, POST included, and a Gateway API route cannot render retries: {attempts: 0}',
    'Set meshConfig.defaultHttpRetryPolicy to {attempts: 0} and state it with Mesh.istio({ dialect: IstioDialect.GAMMA, meshDefaultRetriesDisabled: true }), or use the classic dialect');
}
