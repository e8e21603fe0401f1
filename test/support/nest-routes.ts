import 'reflect-metadata';
import { DynamicModule, RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';

/** One route an app serves: `GET /api/v1/accounts/:accountId`. */
export interface NestRoute {
  method: string;
  path: string;
  controller: string;
  handler: string;
}

type ModuleRef = Type | DynamicModule | Promise<DynamicModule> | { forwardRef: () => Type };

export interface PrefixRule {
  prefix: string;
  /** Paths mounted outside the prefix, as given to `setGlobalPrefix` (`internal/{*path}` matches below `internal/`). */
  exclude: string[];
}

const join = (...parts: string[]) => `/${parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
const asList = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : [typeof value === 'string' ? value : '/']);

function excluded(path: string, rule: PrefixRule): boolean {
  const bare = path.replace(/^\//, '');
  return rule.exclude.some((pattern) => {
    const wildcard = /\{\*\w+\}$/.exec(pattern);
    return wildcard ? bare.startsWith(pattern.slice(0, wildcard.index)) : bare === pattern.replace(/^\//, '');
  });
}

/**
 * Every route of a Nest module tree, read from the same decorator metadata Nest registers its
 * router from, without starting anything: so a route added to any controller is found.
 */
export function routesOf(root: object, rule?: PrefixRule): NestRoute[] {
  const seenModules = new Set<unknown>();
  const controllers = new Set<Type>();
  const visit = (ref: ModuleRef | undefined) => {
    if (!ref || ref instanceof Promise) return; // async dynamic modules (forRootAsync factories) hold no controllers of ours
    const module = 'forwardRef' in ref ? ref.forwardRef() : ref;
    const type = 'module' in module ? module.module : module;
    const key = 'module' in module ? module : type;
    if (seenModules.has(key)) return;
    seenModules.add(key);
    const dynamic = 'module' in module ? module : undefined;
    for (const c of [...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, type) as Type[] | undefined) ?? []), ...(dynamic?.controllers ?? [])]) controllers.add(c);
    for (const m of [...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, type) as ModuleRef[] | undefined) ?? []), ...((dynamic?.imports ?? []) as ModuleRef[])]) visit(m);
  };
  visit(root as ModuleRef);

  const routes: NestRoute[] = [];
  for (const controller of controllers) {
    const bases = asList(Reflect.getMetadata(PATH_METADATA, controller));
    for (const handler of Object.getOwnPropertyNames(controller.prototype)) {
      const fn = (controller.prototype as Record<string, unknown>)[handler];
      if (handler === 'constructor' || typeof fn !== 'function') continue;
      const method = Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod | undefined;
      if (method === undefined) continue;
      for (const base of bases) {
        for (const own of asList(Reflect.getMetadata(PATH_METADATA, fn))) {
          const path = join(base, own);
          const mounted = rule && !excluded(path, rule) ? join(rule.prefix, path) : path;
          routes.push({ method: RequestMethod[method], path: mounted, controller: controller.name, handler });
        }
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}
