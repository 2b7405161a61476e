import { readFileSync } from 'fs';
import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { parseWholeMillis } from '../../core/duration';
import { meshError, shown } from '../../core/errors';
import { HttpMethod } from '../../core/http-method';
import { SAFE_METHODS, UNSAFE_METHODS } from '../../core/http-methods';
import { yamlPackage } from '../../private/lazy';
import type { OpenApiProfileOptions } from '../openapi-profile';
import { RequestMatch } from '../request-match';
import { ResponseClass, ResponseMatch } from '../response-class';
import type { ProfileRouteOptions } from '../service-profile';

const METHODS = ['delete', 'get', 'head', 'options', 'patch', 'post', 'put', 'trace'];

/** The routes of an API description (see `OpenApiProfileOptions`), in a deterministic order. */
export function openApiProfileRoutes(scope: IConstruct, options: OpenApiProfileOptions): ProfileRouteOptions[] {
  const doc = new ApiDocument(scope, options);
  return doc.routes();
}

class ApiDocument {
  private readonly label: string;
  private readonly root: any;

  constructor(private readonly scope: IConstruct, private readonly options: OpenApiProfileOptions) {
    if ((options.file === undefined) === (options.document === undefined)) {
      throw meshError(scope, 'file', 'or document must be set, and not both', 'Pass the path of the document as file, or the parsed document as document');
    }
    this.label = options.file ?? 'document';
    this.root = options.file !== undefined ? this.read(options.file) : options.document;
  }

  public routes(): ProfileRouteOptions[] {
    const root = this.object(this.root, '');
    const basePath = this.basePath(root);
    const paths = this.object(root.paths, '/paths');
    const routes: ProfileRouteOptions[] = [];
    for (const path of Object.keys(paths).sort()) {
      const at = `/paths/${escapePointer(path)}`;
      if (!path.startsWith('/')) this.fail(at, `must be a path starting with "/", got ${shown(path)}`);
      const item = this.object(paths[path], at);
      if (item.$ref !== undefined) this.fail(`${at}/$ref`, 'is a reference, which is not resolved', 'Inline the path item');
      const fullPath = joinPath(basePath, path);
      const pathRegex = this.pathRegex(fullPath, at);
      for (const method of METHODS) {
        if (item[method] === undefined) continue;
        routes.push(this.route(fullPath, pathRegex, method.toUpperCase() as HttpMethod, item[method], `${at}/${method}`));
      }
    }
    return routes;
  }

  private route(path: string, pathRegex: string, method: HttpMethod, operation: any, at: string): ProfileRouteOptions {
    const op = this.object(operation, at);
    const declared = op['x-linkerd-retryable'];
    if (declared !== undefined && typeof declared !== 'boolean') {
      this.fail(`${at}/x-linkerd-retryable`, `must be true or false, got ${shown(declared)}`);
    }
    if (declared === true && UNSAFE_METHODS.has(method) && !this.options.allowUnsafeRetries) {
      this.fail(`${at}/x-linkerd-retryable`, `must not be true on a ${method} operation, got true`,
        'Retrying a non-idempotent request can repeat its side effect: remove the extension, or set allowUnsafeRetries: true if the handler deduplicates');
    }
    let timeout: Duration | undefined;
    const rawTimeout = op['x-linkerd-timeout'];
    if (rawTimeout !== undefined) {
      const ms = typeof rawTimeout === 'string' ? parseWholeMillis(rawTimeout) : undefined;
      if (ms === undefined || ms < 1) {
        this.fail(`${at}/x-linkerd-timeout`, `must be a duration of at least 1ms such as "5s" or "250ms", got ${shown(rawTimeout)}`);
      }
      timeout = Duration.millis(ms!);
    }
    return {
      name: `${method} ${path}`,
      condition: RequestMatch.methodAndPath(method, pathRegex),
      responseClasses: this.responseClasses(op.responses, `${at}/responses`),
      isRetryable: declared ?? SAFE_METHODS.has(method),
      allowUnsafeRetries: declared === true && UNSAFE_METHODS.has(method) ? true : undefined,
      timeout,
    };
  }

  private responseClasses(responses: any, at: string): ResponseClass[] {
    if (responses === undefined) return [];
    const declared = this.object(responses, at);
    const classes: Array<{ min: number; max: number }> = [];
    for (const status of Object.keys(declared)) {
      if (status === 'default' || status.startsWith('x-')) continue;
      if (/^[1-5][0-9][0-9]$/.test(status)) {
        classes.push({ min: Number(status), max: Number(status) });
      } else if (/^[1-5]XX$/i.test(status)) {
        const hundred = Number(status[0]) * 100;
        classes.push({ min: hundred, max: hundred + 99 });
      } else {
        this.fail(`${at}/${escapePointer(status)}`, `must be an HTTP status code, a range such as "5XX", or "default", got ${shown(status)}`);
      }
    }
    classes.sort((a, b) => a.min - b.min || a.max - b.max);
    return classes.map(c => ({ condition: ResponseMatch.status(c.min, c.max), isFailure: c.min >= 500 }));
  }

  /** The path every operation is served under: Swagger's `basePath`, or the path of OpenAPI 3's first server. */
  private basePath(root: any): string {
    if (typeof root.swagger === 'string' || typeof root.swagger === 'number') {
      if (String(root.swagger) !== '2.0') this.fail('/swagger', `must be "2.0", got ${shown(root.swagger)}`);
      if (root.basePath === undefined) return '';
      if (typeof root.basePath !== 'string' || !root.basePath.startsWith('/')) {
        this.fail('/basePath', `must be a path starting with "/", got ${shown(root.basePath)}`);
      }
      return root.basePath.replace(/\/+$/, '');
    }
    if (typeof root.openapi !== 'string' || !/^3\.[01]\.[0-9]+$/.test(root.openapi)) {
      this.fail('/openapi', `must be an OpenAPI version 3.0.x or 3.1.x (or the document a Swagger 2.0 one with swagger: "2.0"), got ${shown(root.openapi)}`);
    }
    if (root.servers === undefined) return '';
    if (!Array.isArray(root.servers)) this.fail('/servers', `must be an array, got ${shown(root.servers)}`);
    if (root.servers.length === 0) return '';
    const server = this.object(root.servers[0], '/servers/0');
    if (typeof server.url !== 'string') this.fail('/servers/0/url', `must be a string, got ${shown(server.url)}`);
    const url = server.url.replace(/\{([^}]*)\}/g, (_: string, name: string) => {
      const fallback = server.variables?.[name]?.default;
      if (typeof fallback !== 'string') this.fail(`/servers/0/variables/${escapePointer(name)}/default`, `must be a string, got ${shown(fallback)}`);
      return fallback;
    });
    const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
    return path.replace(/\/+$/, '');
  }

  private pathRegex(path: string, at: string): string {
    if (/\{[^}]*(\{|$)/.test(path) || /(^|\})[^{]*\}/.test(path) || /\{\}/.test(path)) {
      this.fail(at, `must have balanced, named {parameters}, got ${shown(path)}`);
    }
    const parts = path.split(/\{[^}]+\}/);
    return `^${parts.map(escapeRegex).join('[^/]*')}$`;
  }

  private object(value: any, at: string): any {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(at, `must be an object, got ${shown(value)}`);
    }
    return value;
  }

  private fail(pointer: string, problem: string, fix?: string): never {
    throw meshError(this.scope, `${this.label}#${pointer}`, problem, fix);
  }

  private read(file: string): any {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw meshError(this.scope, 'file', `must be a readable file, got ${shown(file)} (${(e as Error).message})`);
    }
    try {
      return file.endsWith('.json') ? JSON.parse(text) : yamlPackage().parse(text);
    } catch (e) {
      throw meshError(this.scope, `${file}#`, `must be valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
}

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function joinPath(base: string, path: string): string {
  return base === '' || base === '/' ? path : `${base}${path}`;
}
