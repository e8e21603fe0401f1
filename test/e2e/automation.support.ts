import { Agent, fetch } from 'undici';
import { AnyCloudTokenClaims, decodeUnverified } from '@app/contracts';
import { AutomationOpenApi } from '../support/automation-oas';
import { Stack } from '../support/stack';

export interface AutomationAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
  contentType: string | null;
}

/** The document's path templates, and the path of a call under `/apim/automation` made from one. */
export const PATHS = {
  apis: '/organizations/{orgId}/environments/{envId}/apis',
  api: '/organizations/{orgId}/environments/{envId}/apis/{hrid}',
  subscriptions: '/organizations/{orgId}/environments/{envId}/apis/{apiHrid}/subscriptions',
  subscription: '/organizations/{orgId}/environments/{envId}/apis/{apiHrid}/subscriptions/{hrid}',
  applications: '/organizations/{orgId}/environments/{envId}/applications',
  application: '/organizations/{orgId}/environments/{envId}/applications/{hrid}',
} as const;

export type PathName = keyof typeof PATHS;

/**
 * A caller of the Automation API through a real Cloud Gate, as the Terraform provider calls it: the
 * base URL from the token's `cpg`, the token as Bearer. Every request body it sends and every answer it
 * gets is checked against Gravitee's own OpenAPI document; `raw` skips the request check (to send what
 * the document refuses).
 */
export class AutomationClient {
  readonly org: string;
  readonly envs: string[];
  readonly baseUrl: string;

  constructor(
    private readonly stack: Stack,
    private readonly oas: AutomationOpenApi,
    readonly token: string,
  ) {
    const claims = decodeUnverified<AnyCloudTokenClaims>(token);
    if (!claims) throw new Error('not a Cloud Token');
    this.org = claims.org;
    this.envs = claims.envs;
    this.baseUrl = `${stack.gateUrls[claims.cpg]}/apim/automation`;
  }

  /** The concrete path of a document path, e.g. `path('api', {hrid})` in the token's organization and first environment. */
  path(name: PathName, params: Record<string, string> = {}): string {
    const values: Record<string, string> = { orgId: this.org, envId: this.envs[0], ...params };
    return PATHS[name].replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(values[key]));
  }

  async call<T = Record<string, unknown>>(
    method: 'GET' | 'PUT' | 'DELETE',
    name: PathName,
    { params = {}, body, query = '', raw = false, headers = {} }: { params?: Record<string, string>; body?: unknown; query?: string; raw?: boolean; headers?: Record<string, string> } = {},
  ): Promise<AutomationAnswer<T>> {
    const operation = this.oas.operation(method, PATHS[name]);
    if (body !== undefined && !raw) {
      const problems = operation.request(body);
      if (problems.length > 0) throw new Error(`the test sends a ${method} ${PATHS[name]} body the document refuses: ${problems.join('; ')}`);
    }
    const res = await fetch(`${this.baseUrl}${this.path(name, params)}${query}`, {
      method,
      dispatcher: this.stack.gateAgent as Agent,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${this.token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    const problems = operation.response(res.status, parsed);
    if (problems.length > 0) throw new Error(`${method} ${PATHS[name]} answered ${res.status} in a shape the document refuses: ${problems.join('; ')}\n${text}`);
    return { status: res.status, body: parsed as T, contentType: res.headers.get('content-type') };
  }
}
