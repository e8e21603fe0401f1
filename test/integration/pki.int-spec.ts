import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Runs the dev scripts' `ensurePki` (what `npm start` and `npm test` run) against its own home. */
function ensurePki(home: string): { caKey: string; gateKey: string } {
  const script = `import('${join(ROOT, 'scripts', 'services', 'pki.mjs')}').then((m) => process.stdout.write(JSON.stringify(m.ensurePki())))`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { env: { ...process.env, HYBRID_CP_HOME: home }, encoding: 'utf8' }).split('\n').pop()!);
}

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('the local CA of the dev scripts (openssl)', () => {
  it('keeps every private key it makes readable by its owner only, also keys an earlier version left 0644', () => {
    const home = mkdtempSync(join(tmpdir(), 'pki-'));
    const pki = ensurePki(home);
    expect(modeOf(pki.caKey)).toBe(0o600);
    expect(modeOf(pki.gateKey)).toBe(0o600);
    chmodSync(pki.gateKey, 0o644);
    ensurePki(home);
    expect(modeOf(pki.gateKey)).toBe(0o600);
  });
});
