import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeLicense } from '@app/contracts';

/**
 * SPEC §3: "License3j's own reader accepts ours". The license the control plane issues is read and
 * its signature checked by License3j itself (the Java library, from Maven Central), not by our codec.
 */
const LICENSE3J = 'com.javax0.license3j:license3j:3.2.0';
const jar = join(process.env.MAVEN_REPO_LOCAL ?? join(homedir(), '.m2', 'repository'), 'com/javax0/license3j/license3j/3.2.0/license3j-3.2.0.jar');

function license3j(licenseBase64: string, publicKeyPem: string): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'license3j-'));
  writeFileSync(join(dir, 'license.txt'), licenseBase64);
  writeFileSync(join(dir, 'public.pem'), publicKeyPem);
  const out = execFileSync('java', ['-cp', jar, join(__dirname, 'license3j', 'VerifyLicense.java'), join(dir, 'license.txt'), join(dir, 'public.pem')], { encoding: 'utf8' });
  return Object.fromEntries(out.trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

describe('licenses read by License3j itself', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const features = {
    company: 'Acme Corp',
    email: 'ops@acme.example',
    licenseId: randomUUID(),
    expiryDate: new Date(Date.UTC(2030, 0, 31, 12)),
    tier: 'universe',
    packs: 'enterprise-features',
    features: 'apim-api-designer,apim-dcr-registration,gravitee-cloud',
  };

  beforeAll(() => {
    if (!existsSync(jar)) execFileSync('mvn', ['-B', '-q', 'dependency:get', `-Dartifact=${LICENSE3J}`, '-Dtransitive=false'], { stdio: 'inherit' });
  }, 120_000);

  it('accepts the signature and reads every feature', () => {
    const license = encodeLicense(features, privatePem).toString('base64');
    expect(license3j(license, publicPem)).toEqual({
      ok: 'true',
      expired: 'false',
      company: 'Acme Corp',
      email: 'ops@acme.example',
      tier: 'universe',
      packs: 'enterprise-features',
      features: features.features,
      signatureDigest: 'SHA-256',
      licenseId: features.licenseId,
      expiryDate: String(features.expiryDate.getTime()),
    });
  });

  it('refuses a tampered license and one signed with another key', () => {
    const bytes = encodeLicense(features, privatePem);
    const tampered = Buffer.from(bytes);
    const at = tampered.indexOf(Buffer.from('Acme Corp'));
    tampered[at] = 'E'.charCodeAt(0);
    expect(license3j(tampered.toString('base64'), publicPem).ok).toBe('false');

    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(license3j(bytes.toString('base64'), other).ok).toBe('false');
  });

  it('sees an expired license as expired', () => {
    const expired = encodeLicense({ ...features, expiryDate: new Date(Date.now() - 86_400_000) }, privatePem).toString('base64');
    expect(license3j(expired, publicPem)).toMatchObject({ ok: 'true', expired: 'true' });
  });
});
