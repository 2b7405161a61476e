import { Construct, IConstruct } from 'constructs';

/**
 * A stand-alone construct named after a static method (`MeshMembership.inject`), to give `meshError` a path
 * when the method received no construct to report against. It is never added to an app.
 */
export function staticScope(method: string): IConstruct {
  return new Construct(undefined as any, method);
}
