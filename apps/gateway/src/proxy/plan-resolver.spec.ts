import { ApiDefinitionV4, BridgeApiKey, BridgeSubscription } from '@app/contracts';
import { KeyLookup, resolvePlan } from './plan-resolver';

const plans = {
  open: { id: 'p-open', name: 'open', status: 'PUBLISHED', security: { type: 'key-less' } },
  keyed: { id: 'p-key', name: 'keyed', status: 'PUBLISHED', security: { type: 'api-key' } },
} as const;

const apiWith = (...p: Array<(typeof plans)[keyof typeof plans]>) => ({ id: 'api-1', plans: p }) as unknown as ApiDefinitionV4;

function lookup(key: Partial<BridgeApiKey>, subscription: Partial<BridgeSubscription>): KeyLookup {
  const k = { id: 'k', key: 'secret', application: 'app', subscriptions: ['s1'], environmentId: 'e', revoked: false, paused: false, expireAt: null, createdAt: 0, updatedAt: 0, ...key };
  const s = { id: 's1', api: 'api-1', plan: 'p-key', application: 'app', environmentId: 'e', status: 'ACCEPTED', startingAt: null, endingAt: null, createdAt: 0, updatedAt: 0, ...subscription } as BridgeSubscription;
  return { key: (v) => (v === k.key ? k : undefined), subscription: (id) => (id === s.id ? s : undefined) };
}

describe('resolvePlan', () => {
  const valid = lookup({}, {});

  it('lets a request without a key in through a key-less plan', () => {
    expect(resolvePlan(apiWith(plans.open), undefined, valid)).toMatchObject({ ok: true, plan: { id: 'p-open' } });
  });

  it('refuses a request without a key when only api-key plans exist', () => {
    expect(resolvePlan(apiWith(plans.keyed), undefined, valid)).toMatchObject({ ok: false, errorKey: 'API_KEY_MISSING' });
  });

  it('accepts a key subscribed to the API plan and names the subscription', () => {
    expect(resolvePlan(apiWith(plans.keyed), 'secret', valid)).toMatchObject({ ok: true, plan: { id: 'p-key' }, subscriptionId: 's1', applicationId: 'app' });
  });

  it.each([
    ['unknown', 'other', valid],
    ['revoked', 'secret', lookup({ revoked: true }, {})],
    ['expired', 'secret', lookup({ expireAt: Date.now() - 1000 }, {})],
    ['subscribed to another API', 'secret', lookup({}, { api: 'api-2' })],
    ['whose subscription is closed', 'secret', lookup({}, { status: 'CLOSED' })],
  ])('refuses a key that is %s', (_, key, keys) => {
    expect(resolvePlan(apiWith(plans.keyed, plans.open), key, keys)).toMatchObject({ ok: false, errorKey: 'API_KEY_INVALID' });
  });

  it('refuses everything when the API has no open plan', () => {
    expect(resolvePlan(apiWith(), undefined, valid)).toMatchObject({ ok: false, errorKey: 'NO_PLAN' });
  });
});
