import { IConstruct } from 'constructs';
import { meshError, shown } from '../../core/errors';
import { HttpMethod } from '../../core/http-method';
import { GrpcServiceDescriptor, IdempotencyLevel } from '../grpc-profile';
import { RequestMatch } from '../request-match';
import type { ProfileRouteOptions } from '../service-profile';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PACKAGE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * One route per rpc, as `linkerd profile --proto` writes them (`POST` with the escaped path
 * `/<package>.<Service>/<Method>`, anchored), named `<package>.<Service>/<Method>`, sorted by that name.
 */
export function grpcProfileRoutes(scope: IConstruct, services: GrpcServiceDescriptor[]): ProfileRouteOptions[] {
  if (!Array.isArray(services) || services.length === 0) {
    throw meshError(scope, 'grpcServices', `must list at least one service, got ${shown(services)}`);
  }
  const routes: ProfileRouteOptions[] = [];
  services.forEach((service, i) => {
    const at = `grpcServices[${i}]`;
    if (service.packageName !== undefined && !PACKAGE.test(service.packageName)) {
      throw meshError(scope, `${at}.packageName`, `must be a proto package such as "payments.v1", got ${shown(service.packageName)}`);
    }
    if (!IDENT.test(service.name ?? '')) throw meshError(scope, `${at}.name`, `must be a proto identifier, got ${shown(service.name)}`);
    if (!Array.isArray(service.methods) || service.methods.length === 0) {
      throw meshError(scope, `${at}.methods`, `must list at least one rpc, got ${shown(service.methods)}`);
    }
    const fullService = service.packageName ? `${service.packageName}.${service.name}` : service.name;
    service.methods.forEach((method, j) => {
      if (!IDENT.test(method.name ?? '')) throw meshError(scope, `${at}.methods[${j}].name`, `must be a proto identifier, got ${shown(method.name)}`);
      const level = method.idempotencyLevel ?? IdempotencyLevel.IDEMPOTENCY_UNKNOWN;
      if (!Object.values(IdempotencyLevel).includes(level)) {
        throw meshError(scope, `${at}.methods[${j}].idempotencyLevel`, `must be one of ${Object.values(IdempotencyLevel).join(', ')}, got ${shown(level)}`);
      }
      const retryable = level !== IdempotencyLevel.IDEMPOTENCY_UNKNOWN;
      const path = `/${fullService}/${method.name}`;
      routes.push({
        name: `${fullService}/${method.name}`,
        condition: RequestMatch.methodAndPath(HttpMethod.POST, `^${path.replace(/\./g, '\\.')}$`),
        isRetryable: retryable,
        allowUnsafeRetries: retryable ? true : undefined,
        timeout: method.timeout,
      });
    });
  });
  return routes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
