import { DeployedApi } from '../sync/gateway-state';

export interface RouteMatch {
  api: DeployedApi;
  contextPath: string;
  /** The request path past the context path (`''` or starting with `/`). */
  pathInfo: string;
}

interface Route {
  contextPath: string;
  host?: string;
  api: DeployedApi;
}

/** `/a//b/` → `/a/b`; `''` → `/`. */
export function normalizeContextPath(path: string): string {
  const collapsed = `/${path}`.replace(/\/{2,}/g, '/');
  return collapsed.length > 1 ? collapsed.replace(/\/+$/, '') : collapsed;
}

function underContextPath(path: string, contextPath: string): boolean {
  return contextPath === '/' || path === contextPath || path.startsWith(`${contextPath}/`);
}

/**
 * Picks the API for a request path: the longest context path that is a whole-segment prefix of
 * the path wins (`/orders` serves `/orders/1` but not `/orders-v2`). A listener bound to a host
 * only serves that host, and wins over a host-less one with the same context path.
 */
export class Router {
  private readonly routes: Route[];

  constructor(apis: Iterable<DeployedApi>) {
    const routes: Route[] = [];
    for (const api of apis) {
      for (const listener of api.definition.listeners ?? []) {
        for (const entry of listener.paths ?? []) {
          routes.push({ contextPath: normalizeContextPath(entry.path), host: entry.host?.toLowerCase() || undefined, api });
        }
      }
    }
    this.routes = routes.sort((a, b) => b.contextPath.length - a.contextPath.length || Number(!!b.host) - Number(!!a.host));
  }

  get size(): number {
    return this.routes.length;
  }

  match(path: string, host?: string): RouteMatch | undefined {
    const hostname = host?.toLowerCase().replace(/:\d+$/, '');
    for (const route of this.routes) {
      if (route.host && route.host !== hostname) continue;
      if (!underContextPath(path, route.contextPath)) continue;
      const pathInfo = route.contextPath === '/' ? path : path.slice(route.contextPath.length);
      return { api: route.api, contextPath: route.contextPath, pathInfo };
    }
    return undefined;
  }
}
