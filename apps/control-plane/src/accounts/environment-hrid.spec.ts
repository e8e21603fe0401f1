import { hridOf } from './environment-hrid';

describe('hridOf', () => {
  it('is the slug of the name', () => {
    expect(hridOf('Default')).toBe('default');
    expect(hridOf('  Production EU (main) ')).toBe('production-eu-main');
    expect(hridOf('***')).toBe('default');
  });

  it('is unique among the account’s hrids', () => {
    expect(hridOf('Prod', ['prod'])).toBe('prod-2');
    expect(hridOf('prod!', ['prod', 'prod-2'])).toBe('prod-3');
    expect(hridOf('Staging', ['prod'])).toBe('staging');
  });
});
