import { createHash, privateEncrypt, publicDecrypt, constants, timingSafeEqual } from 'node:crypto';

/**
 * License3j binary licenses (SPEC §3), the format Gravitee licenses use, so License3j's own reader accepts ours.
 *
 * Layout, big-endian throughout: int32 magic, then every feature sorted by name as `[int32 n][n bytes]`.
 * Feature bytes: `[int32 type][int32 name length]` (+ `[int32 value length]` for variable-length types)
 * `[name UTF-8][value]`. The signature is License3j's own scheme: the digest named by `signatureDigest`
 * of the serialization without `licenseSignature` (magic included), RSA-encrypted with the private key
 * (PKCS#1 v1.5 padding, as Java's `Cipher.getInstance("RSA")` does in ENCRYPT_MODE with a private key).
 */
export const LICENSE3J_MAGIC = 0x21ce4e5e;

export const LICENSE_FEATURE_TYPES = { BINARY: 1, STRING: 2, DATE: 11, UUID: 12 } as const;
type FeatureTypeName = keyof typeof LICENSE_FEATURE_TYPES;

/** Fixed value sizes; the other types we accept carry their length. */
const FIXED_SIZE: Partial<Record<FeatureTypeName, number>> = { DATE: 8, UUID: 16 };

const SIGNATURE_FEATURE = 'licenseSignature';
const DIGEST_FEATURE = 'signatureDigest';
const DIGEST_ALGORITHM = 'SHA-256';
/** License3j digest names (Java's) and their node equivalents. */
const NODE_DIGESTS: Record<string, string> = { 'SHA-256': 'sha256', 'SHA-512': 'sha512', 'SHA-384': 'sha384', 'SHA-1': 'sha1' };

export interface LicenseFeatures {
  company: string;
  email: string;
  /** UUID */
  licenseId: string;
  expiryDate: Date;
  tier: string;
  packs: string;
  /** Comma-separated. */
  features: string;
}

export type RawFeatureValue =
  | { type: 'BINARY'; value: Buffer }
  | { type: 'STRING'; value: string }
  | { type: 'DATE'; value: Date }
  | { type: 'UUID'; value: string };

export interface DecodedLicense extends LicenseFeatures {
  signatureDigest: string;
  signature: Buffer;
  /** Every feature of the license by name, including ones this contract does not name. */
  raw: Record<string, RawFeatureValue>;
}

export class LicenseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LicenseError';
  }
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Java's UUID serialization in License3j: least-significant long first, then the most-significant one. */
function uuidToBytes(uuid: string): Buffer {
  if (!UUID_PATTERN.test(uuid)) throw new LicenseError(`licenseId must be a UUID, got ${JSON.stringify(uuid)}`);
  const hex = uuid.replace(/-/g, '');
  return Buffer.concat([Buffer.from(hex.slice(16), 'hex'), Buffer.from(hex.slice(0, 16), 'hex')]);
}

function uuidFromBytes(bytes: Buffer): string {
  const hex = bytes.subarray(8, 16).toString('hex') + bytes.subarray(0, 8).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function int32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(value);
  return b;
}

function encodeValue(feature: RawFeatureValue): Buffer {
  switch (feature.type) {
    case 'BINARY':
      return feature.value;
    case 'STRING':
      return Buffer.from(feature.value, 'utf8');
    case 'DATE': {
      const time = feature.value.getTime();
      if (!Number.isFinite(time)) throw new LicenseError('expiryDate must be a valid date');
      const b = Buffer.alloc(8);
      b.writeBigInt64BE(BigInt(time));
      return b;
    }
    case 'UUID':
      return uuidToBytes(feature.value);
  }
}

function serializeFeature(name: string, feature: RawFeatureValue): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const value = encodeValue(feature);
  const header = [int32(LICENSE_FEATURE_TYPES[feature.type]), int32(nameBytes.length)];
  if (FIXED_SIZE[feature.type] === undefined) header.push(int32(value.length));
  return Buffer.concat([...header, nameBytes, value]);
}

/** Java sorts feature names with `String.compareTo`, i.e. by UTF-16 code units, as JS `<` does. */
function serialize(features: Record<string, RawFeatureValue>, excluded: string[] = []): Buffer {
  const names = Object.keys(features)
    .filter((n) => !excluded.includes(n))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const parts: Buffer[] = [int32(LICENSE3J_MAGIC)];
  for (const name of names) {
    const bytes = serializeFeature(name, features[name]);
    parts.push(int32(bytes.length), bytes);
  }
  return Buffer.concat(parts);
}

function digestOf(algorithm: string, data: Buffer): Buffer {
  const nodeName = NODE_DIGESTS[algorithm];
  if (!nodeName) throw new LicenseError(`unsupported signatureDigest ${JSON.stringify(algorithm)}`);
  return createHash(nodeName).update(data).digest();
}

/** Builds and signs a license; the result is the License3j binary form (base64 it for a license key). */
export function encodeLicense(features: LicenseFeatures, privateKeyPem: string): Buffer {
  const raw: Record<string, RawFeatureValue> = {
    company: { type: 'STRING', value: features.company },
    email: { type: 'STRING', value: features.email },
    licenseId: { type: 'UUID', value: features.licenseId },
    expiryDate: { type: 'DATE', value: features.expiryDate },
    tier: { type: 'STRING', value: features.tier },
    packs: { type: 'STRING', value: features.packs },
    features: { type: 'STRING', value: features.features },
    [DIGEST_FEATURE]: { type: 'STRING', value: DIGEST_ALGORITHM },
  };
  const digest = digestOf(DIGEST_ALGORITHM, serialize(raw));
  const signature = privateEncrypt({ key: privateKeyPem, padding: constants.RSA_PKCS1_PADDING }, digest);
  return serialize({ ...raw, [SIGNATURE_FEATURE]: { type: 'BINARY', value: signature } });
}

function typeName(code: number): FeatureTypeName | undefined {
  return (Object.keys(LICENSE_FEATURE_TYPES) as FeatureTypeName[]).find((k) => LICENSE_FEATURE_TYPES[k] === code);
}

function parseFeature(bytes: Buffer, index: number): [string, RawFeatureValue] {
  const fail = (why: string): never => {
    throw new LicenseError(`malformed license: feature #${index + 1} ${why}`);
  };
  if (bytes.length < 8) fail(`is ${bytes.length} bytes, shorter than its header`);
  const code = bytes.readInt32BE(0);
  const type = typeName(code) ?? fail(`has unsupported type ${code}`);
  const nameLength = bytes.readInt32BE(4);
  let offset = 8;
  let valueLength = FIXED_SIZE[type];
  if (valueLength === undefined) {
    if (bytes.length < 12) fail('is too short for its value length');
    valueLength = bytes.readInt32BE(8);
    offset = 12;
  }
  if (nameLength < 0 || valueLength < 0) fail('has a negative length');
  if (offset + nameLength + valueLength !== bytes.length) {
    fail(`declares ${nameLength} name and ${valueLength} value bytes but holds ${bytes.length - offset}`);
  }
  const name = bytes.subarray(offset, offset + nameLength).toString('utf8');
  const value = bytes.subarray(offset + nameLength);
  switch (type) {
    case 'BINARY':
      return [name, { type, value: Buffer.from(value) }];
    case 'STRING':
      return [name, { type, value: value.toString('utf8') }];
    case 'DATE':
      return [name, { type, value: new Date(Number(value.readBigInt64BE(0))) }];
    case 'UUID':
      return [name, { type, value: uuidFromBytes(value) }];
  }
}

interface FeatureValues {
  BINARY: Buffer;
  STRING: string;
  DATE: Date;
  UUID: string;
}

function feature<T extends FeatureTypeName>(raw: Record<string, RawFeatureValue>, name: string, type: T): FeatureValues[T] {
  const found = raw[name];
  if (!found) throw new LicenseError(`malformed license: feature ${name} is missing`);
  if (found.type !== type) throw new LicenseError(`malformed license: feature ${name} is ${found.type}, expected ${type}`);
  return found.value as FeatureValues[T];
}

/** Reads a License3j binary license without checking its signature or expiry. */
export function decodeLicense(bytes: Buffer): DecodedLicense {
  if (!Buffer.isBuffer(bytes) || bytes.length < 4) throw new LicenseError('malformed license: too short to be a License3j license');
  if (bytes.readInt32BE(0) !== LICENSE3J_MAGIC) throw new LicenseError('malformed license: not a License3j binary license (bad magic number)');
  const raw: Record<string, RawFeatureValue> = {};
  let offset = 4;
  let index = 0;
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) throw new LicenseError('malformed license: truncated feature length');
    const length = bytes.readInt32BE(offset);
    offset += 4;
    if (length < 0 || offset + length > bytes.length) throw new LicenseError(`malformed license: feature #${index + 1} is truncated`);
    const [name, value] = parseFeature(bytes.subarray(offset, offset + length), index);
    raw[name] = value;
    offset += length;
    index += 1;
  }
  return {
    company: feature(raw, 'company', 'STRING'),
    email: feature(raw, 'email', 'STRING'),
    licenseId: feature(raw, 'licenseId', 'UUID'),
    expiryDate: feature(raw, 'expiryDate', 'DATE'),
    tier: feature(raw, 'tier', 'STRING'),
    packs: feature(raw, 'packs', 'STRING'),
    features: feature(raw, 'features', 'STRING'),
    signatureDigest: feature(raw, DIGEST_FEATURE, 'STRING'),
    signature: feature(raw, SIGNATURE_FEATURE, 'BINARY'),
    raw,
  };
}

/** Decodes, then checks the signature against the public key and that the license has not expired. */
export function verifyLicense(bytes: Buffer, publicKeyPem: string, now: Date = new Date()): DecodedLicense {
  const license = decodeLicense(bytes);
  const expected = digestOf(license.signatureDigest, serialize(license.raw, [SIGNATURE_FEATURE]));
  let signed: Buffer;
  try {
    signed = publicDecrypt({ key: publicKeyPem, padding: constants.RSA_PKCS1_PADDING }, license.signature);
  } catch {
    throw new LicenseError('license signature is invalid: it was not made with the license key');
  }
  if (signed.length !== expected.length || !timingSafeEqual(signed, expected)) {
    throw new LicenseError('license signature is invalid: the license content does not match its signature');
  }
  // License3j: "At the given date (ms precision) the license is still valid."
  if (now.getTime() > license.expiryDate.getTime()) {
    throw new LicenseError(`license expired on ${license.expiryDate.toISOString()}`);
  }
  return license;
}
