import 'reflect-metadata';
import { readCloudToken } from './cloud-token';

const jwt = (claims: object) => `${Buffer.from('{"alg":"RS512"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const good = { exp: Math.floor(Date.now() / 1000) + 3600, cpg: 'eu', org: 'o', envs: ['e'], scopes: ['sync', 'reports'], meta: { GATEWAYID: 'g' } };

describe('readCloudToken', () => {
  it('reads the claims of a usable token', () => {
    expect(readCloudToken(jwt(good))).toMatchObject({ cpg: 'eu', envs: ['e'] });
  });

  it.each([
    ['not a JWT', 'abc', /GRAVITEE_CLOUD_TOKEN: not a Cloud Token/],
    ['expired', jwt({ ...good, exp: 1000 }), /GRAVITEE_CLOUD_TOKEN: the token expired at 1970-01-01T00:16:40.000Z/],
    ['without geography', jwt({ ...good, cpg: 'mars' }), /control-plane geography/],
    ['without the sync scope', jwt({ ...good, scopes: ['reports'] }), /sync scope/],
  ])('refuses a token that is %s', (_, token, message) => {
    expect(() => readCloudToken(token)).toThrow(message);
  });
});
