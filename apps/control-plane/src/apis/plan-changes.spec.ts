import { replacePlans } from './plan-changes';

describe('replacing an API plan list', () => {
  const keyless = { id: '11111111-1111-4111-8111-111111111111', name: 'Free', security: 'key-less' as const };
  const keyed = { id: '22222222-2222-4222-8222-222222222222', name: 'Keys', security: 'api-key' as const, rateLimit: { limit: 5, periodSeconds: 1 } };
  const none = () => 0;

  it('keeps plans named by id, adds new ones, drops the rest, and takes each plan as given', () => {
    const next = replacePlans([keyless, keyed], [{ id: keyed.id, name: 'Gold', security: 'api-key' }, { name: 'New', security: 'key-less' }], none);
    expect(Array.isArray(next) && next).toEqual([
      { id: keyed.id, name: 'Gold', security: 'api-key' },
      { id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'New', security: 'key-less' },
    ]);
  });

  it('refuses an id that is not one of the API plans, or the same plan twice', () => {
    expect(replacePlans([keyless], [{ id: keyed.id, name: 'x', security: 'api-key' }], none)).toEqual({ kind: 'unknown-plan', index: 0, id: keyed.id });
    expect(replacePlans([keyless], [{ id: keyless.id, name: 'a', security: 'key-less' }, { id: keyless.id, name: 'b', security: 'key-less' }], none)).toMatchObject({
      kind: 'duplicate-plan',
      index: 1,
    });
  });

  it('refuses to remove a plan, or change its security, while subscriptions are open', () => {
    const open = (id: string) => (id === keyed.id ? 2 : 0);
    expect(replacePlans([keyless, keyed], [{ id: keyless.id, name: 'Free', security: 'key-less' }], open)).toMatchObject({ kind: 'in-use', change: 'removed', openSubscriptions: 2 });
    expect(replacePlans([keyed], [{ id: keyed.id, name: 'Keys', security: 'key-less' }], open)).toMatchObject({ kind: 'in-use', change: 'security changed' });
    // Without open subscriptions both are fine.
    expect(Array.isArray(replacePlans([keyless, keyed], [{ id: keyed.id, name: 'Keys', security: 'key-less' }], none))).toBe(true);
  });
});
