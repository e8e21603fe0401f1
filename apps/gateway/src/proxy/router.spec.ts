import { ApiDefinitionV4 } from '@app/contracts';
import { DeployedApi } from '../sync/gateway-state';
import { Router, normalizeContextPath } from './router';

function api(id: string, ...paths: Array<string | { path: string; host: string }>): DeployedApi {
  const definition = {
    id,
    name: id,
    definitionVersion: '4.0.0',
    type: 'proxy',
    listeners: [{ type: 'http', paths: paths.map((p) => (typeof p === 'string' ? { path: p } : p)), entrypoints: [{ type: 'http-proxy' }] }],
    endpointGroups: [{ name: 'default', type: 'http-proxy', endpoints: [{ name: 'default', type: 'http-proxy', configuration: { target: 'http://127.0.0.1:1' } }] }],
    plans: [],
  } as ApiDefinitionV4;
  return { definition, environmentId: 'env', eventUpdatedAt: 1 };
}

describe('Router', () => {
  const router = new Router([api('orders', '/orders'), api('orders-v2', '/orders/v2/'), api('root', '/'), api('hosted', { path: '/orders', host: 'api.example.com' })]);

  it('picks the longest context path that prefixes the request path', () => {
    expect(router.match('/orders/v2/items')).toMatchObject({ api: { definition: { id: 'orders-v2' } }, contextPath: '/orders/v2', pathInfo: '/items' });
    expect(router.match('/orders/1')).toMatchObject({ api: { definition: { id: 'orders' } }, pathInfo: '/1' });
    expect(router.match('/orders')).toMatchObject({ api: { definition: { id: 'orders' } }, pathInfo: '' });
  });

  it('matches whole path segments only', () => {
    expect(router.match('/orders-old/1')?.api.definition.id).toBe('root');
    expect(new Router([api('orders', '/orders')]).match('/ordersx')).toBeUndefined();
  });

  it('serves a host-bound listener only for its host, ahead of a host-less one', () => {
    expect(router.match('/orders/1', 'API.example.com:8082')?.api.definition.id).toBe('hosted');
    expect(router.match('/orders/1', 'other.example.com')?.api.definition.id).toBe('orders');
  });

  it('matches nothing when nothing is deployed', () => {
    expect(new Router([]).match('/')).toBeUndefined();
  });

  it('normalizes context paths', () => {
    expect(normalizeContextPath('orders//v1/')).toBe('/orders/v1');
    expect(normalizeContextPath('')).toBe('/');
    expect(normalizeContextPath('/')).toBe('/');
  });
});
