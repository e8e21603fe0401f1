import { createHash, generateKeyPairSync, publicDecrypt, constants } from 'node:crypto';
import { LICENSE3J_MAGIC, LicenseError, LicenseFeatures, decodeLicense, encodeLicense, verifyLicense } from './license3j';

const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const otherKeys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

const features: LicenseFeatures = {
  company: 'Acme Ünïcode',
  email: 'ops@acme.test',
  licenseId: '123e4567-e89b-42d3-a456-426614174000',
  expiryDate: new Date('2030-01-02T03:04:05.678Z'),
  tier: 'universe',
  packs: 'observability,event-native',
  features: 'apim-en-schema-registry-provider,apim-policy-data-logging-masking',
};

/** Walks the binary the way License3j's reader does and returns each feature's raw bytes by name. */
function framesOf(bytes: Buffer): Array<{ name: string; type: number; frame: Buffer }> {
  const out: Array<{ name: string; type: number; frame: Buffer }> = [];
  let offset = 4;
  while (offset < bytes.length) {
    const n = bytes.readInt32BE(offset);
    const frame = bytes.subarray(offset + 4, offset + 4 + n);
    const type = frame.readInt32BE(0);
    const nameLength = frame.readInt32BE(4);
    const nameStart = type === 11 || type === 12 ? 8 : 12;
    out.push({ name: frame.subarray(nameStart, nameStart + nameLength).toString('utf8'), type, frame });
    offset += 4 + n;
  }
  return out;
}

describe('License3j licenses', () => {
  const bytes = encodeLicense(features, keys.privateKey);

  it('round-trips every feature', () => {
    const decoded = verifyLicense(bytes, keys.publicKey, new Date('2029-12-31T00:00:00Z'));
    expect(decoded).toMatchObject({ ...features, signatureDigest: 'SHA-256' });
    expect(decoded.raw.licenseId).toEqual({ type: 'UUID', value: features.licenseId });
    expect(decoded.raw.licenseSignature.type).toBe('BINARY');
  });

  it('writes the License3j byte layout: magic, features sorted by name, typed frames', () => {
    expect(bytes.readInt32BE(0)).toBe(LICENSE3J_MAGIC);
    const frames = framesOf(bytes);
    expect(frames.map((f) => f.name)).toEqual([
      'company',
      'email',
      'expiryDate',
      'features',
      'licenseId',
      'licenseSignature',
      'packs',
      'signatureDigest',
      'tier',
    ]);
    const byName = Object.fromEntries(frames.map((f) => [f.name, f]));
    // STRING: type 2, name length, value length, name, UTF-8 value
    const company = byName.company.frame;
    expect(company.readInt32BE(0)).toBe(2);
    expect(company.readInt32BE(4)).toBe('company'.length);
    expect(company.readInt32BE(8)).toBe(Buffer.byteLength(features.company));
    expect(company.subarray(19).toString('utf8')).toBe(features.company);
    // DATE: type 11, no value length, int64 epoch ms
    const expiry = byName.expiryDate.frame;
    expect(expiry.readInt32BE(0)).toBe(11);
    expect(expiry.length).toBe(8 + 'expiryDate'.length + 8);
    expect(Number(expiry.readBigInt64BE(8 + 'expiryDate'.length))).toBe(features.expiryDate.getTime());
    // UUID: type 12, least-significant long first
    const id = byName.licenseId.frame;
    expect(id.readInt32BE(0)).toBe(12);
    const value = id.subarray(8 + 'licenseId'.length);
    expect(value.toString('hex')).toBe('a456426614174000' + '123e4567e89b42d3');
    expect(byName.licenseSignature.type).toBe(1);
  });

  it('signs the SHA-256 digest of the serialization without the signature, encrypted with the private key', () => {
    const frames = framesOf(bytes).filter((f) => f.name !== 'licenseSignature');
    const magic = Buffer.alloc(4);
    magic.writeInt32BE(LICENSE3J_MAGIC);
    const unsigned = Buffer.concat([
      magic,
      ...frames.flatMap((f) => {
        const n = Buffer.alloc(4);
        n.writeInt32BE(f.frame.length);
        return [n, f.frame];
      }),
    ]);
    const signature = decodeLicense(bytes).signature;
    const decrypted = publicDecrypt({ key: keys.publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
    expect(decrypted).toEqual(createHash('sha256').update(unsigned).digest());
  });

  it('detects tampering with any feature', () => {
    const tampered = Buffer.from(bytes);
    const at = tampered.indexOf(Buffer.from('universe'));
    tampered.write('UNIVERSE', at, 'utf8');
    expect(() => decodeLicense(tampered)).not.toThrow();
    expect(() => verifyLicense(tampered, keys.publicKey, new Date('2029-01-01'))).toThrow(/content does not match its signature/);
  });

  it('refuses a license signed with another key', () => {
    expect(() => verifyLicense(bytes, otherKeys.publicKey, new Date('2029-01-01'))).toThrow(LicenseError);
  });

  it('refuses an expired license but accepts it at its expiry instant', () => {
    expect(() => verifyLicense(bytes, keys.publicKey, new Date(features.expiryDate.getTime() + 1))).toThrow(/license expired on 2030-01-02/);
    expect(verifyLicense(bytes, keys.publicKey, features.expiryDate).tier).toBe('universe');
  });

  it.each([
    ['empty input', Buffer.alloc(0), /too short/],
    ['bad magic', Buffer.from('not a license at all'), /bad magic/],
    ['truncated', bytes.subarray(0, bytes.length - 3), /truncated|declares/],
    ['missing features', bytes.subarray(0, 4), /feature company is missing/],
  ])('rejects malformed input: %s', (_label, input, message) => {
    expect(() => decodeLicense(input)).toThrow(LicenseError);
    expect(() => decodeLicense(input)).toThrow(message);
  });

  it('rejects a licenseId that is not a UUID', () => {
    expect(() => encodeLicense({ ...features, licenseId: 'nope' }, keys.privateKey)).toThrow(/licenseId must be a UUID/);
  });
});
