import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigValidationError, ControlPlaneConfig, isKey32 } from '@app/config';

/** `kek1.<kek id>.<iv>.<tag>.<ciphertext>`, base64url parts: AES-256-GCM, the key id as additional data. */
const SEALED_PREFIX = 'kek1.';
const KEY_BYTES = 32;
const IV_BYTES = 12;

export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

/** Which key-encryption key sealed a value, or `undefined` for a plaintext one. */
export function sealedWith(value: string): string | undefined {
  return isSealed(value) ? value.split('.')[1] : undefined;
}

/**
 * The key-encryption key (SPEC §9): private keys are stored sealed with it, so a copy of the
 * database alone cannot mint tokens or licenses. It comes from `KEY_ENCRYPTION_KEY`, else from
 * `KEY_ENCRYPTION_KEY_FILE`, which is created (mode 0600, 32 random bytes) at first start.
 */
export class KeyEncryptionKey {
  /** A short fingerprint, stored with every sealed value, so a start with another key is told apart from tampering. */
  readonly id: string;

  private constructor(
    private readonly key: Buffer,
    /** Where it came from, for messages. */
    readonly source: string,
  ) {
    this.id = createHash('sha256').update('hybrid-cp key-encryption key\0').update(key).digest('base64url').slice(0, 12);
  }

  static fromConfig(config: ControlPlaneConfig, logger = new Logger(KeyEncryptionKey.name)): KeyEncryptionKey {
    if (config.KEY_ENCRYPTION_KEY) return new KeyEncryptionKey(Buffer.from(config.KEY_ENCRYPTION_KEY.trim(), 'base64'), 'KEY_ENCRYPTION_KEY');
    const file = resolve(config.KEY_ENCRYPTION_KEY_FILE);
    const source = `KEY_ENCRYPTION_KEY_FILE (${file})`;
    if (createIfAbsent(file)) logger.warn(`created the key-encryption key ${file} (mode 0600): keep it with the database's backups; without it the signing keys cannot be read`);
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new ConfigValidationError([`KEY_ENCRYPTION_KEY_FILE: ${file} is readable by others (mode ${mode.toString(8).padStart(4, '0')}); make it 0600 (chmod 600 ${file})`]);
    }
    const text = readFileSync(file, 'utf8').trim();
    if (!isKey32(text)) throw new ConfigValidationError([`KEY_ENCRYPTION_KEY_FILE: ${file} must hold 32 random bytes in base64 or base64url`]);
    return new KeyEncryptionKey(Buffer.from(text, 'base64'), source);
  }

  /** For tests: a key from its base64 form. */
  static of(base64: string): KeyEncryptionKey {
    return new KeyEncryptionKey(Buffer.from(base64, 'base64'), 'test');
  }

  /** Seals `plaintext`, bound to `context` (the key id): a sealed value moved to another row does not open. */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv).setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${SEALED_PREFIX}${this.id}.${[iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url')).join('.')}`;
  }

  /** Opens a value this key sealed with `context`; throws, saying why, on any other. */
  open(sealed: string, context: string): string {
    const [, kekId, iv, tag, ciphertext] = sealed.split('.');
    if (!isSealed(sealed) || ciphertext === undefined) throw new Error(`the private key of ${context} is not sealed`);
    if (kekId !== this.id) throw new WrongKeyEncryptionKey(this, kekId);
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(`the private key of ${context} does not open with key-encryption key ${this.id}: it was altered`);
    }
  }
}

/**
 * The one way to the key-encryption key: loaded (and its file created) on first use, which is the
 * key store's start, so a problem with it stops the start with a plain message.
 */
@Injectable()
export class KeyEncryptionKeySource {
  private loaded?: KeyEncryptionKey;

  constructor(private readonly config: ControlPlaneConfig) {}

  get(): KeyEncryptionKey {
    return (this.loaded ??= KeyEncryptionKey.fromConfig(this.config));
  }
}

/** The stored keys were sealed with another key-encryption key: the control plane must not start. */
export class WrongKeyEncryptionKey extends ConfigValidationError {
  constructor(kek: KeyEncryptionKey, storedId: string) {
    super([
      `KEY_ENCRYPTION_KEY: the signing and license keys in the database were sealed with key-encryption key ${storedId}, ` +
        `but this start has key ${kek.id} (from ${kek.source}); start with the key they were sealed with ` +
        `(set KEY_ENCRYPTION_KEY, or restore the file KEY_ENCRYPTION_KEY_FILE names)`,
    ]);
  }
}

/**
 * Creates the key file when there is none, atomically: written aside with mode 0600, then linked
 * into place, so concurrent first starts agree on one key and none reads a half-written file.
 */
function createIfAbsent(file: string): boolean {
  try {
    statSync(file);
    return false;
  } catch {
    /* absent: create it below */
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(aside, `${randomBytes(KEY_BYTES).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(aside, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(aside);
  }
}
