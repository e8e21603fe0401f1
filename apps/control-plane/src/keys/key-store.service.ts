import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createPublicKey, generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { KeyEncryptionKey, KeyEncryptionKeySource, WrongKeyEncryptionKey, isSealed, sealedWith } from './key-encryption-key';
import { KeyMaterialEntity, KeyPurpose } from './key-material.entity';
import { KeyMaterialRepository } from './key-material.repository';

const generateRsa = promisify(generateKeyPair);
const RSA_BITS = 2048;

/** An active key pair, its private half opened for signing. */
export interface KeyPair {
  kid: string;
  purpose: KeyPurpose;
  publicPem: string;
  privatePem: string;
}

export interface Jwk {
  kty: 'RSA';
  kid: string;
  use: 'sig';
  alg: 'RS512';
  n: string;
  e: string;
}

/**
 * Key material in PostgreSQL: one active RSA key pair per purpose, generated at first start
 * and kept across restarts. Retired signing keys stay published while tokens they signed are unexpired.
 * Private halves are stored sealed with the key-encryption key and opened only to sign.
 */
@Injectable()
export class KeyStoreService implements OnModuleInit {
  private readonly logger = new Logger(KeyStoreService.name);

  constructor(
    private readonly keys: KeyMaterialRepository,
    private readonly kekSource: KeyEncryptionKeySource,
  ) {}

  private get kek(): KeyEncryptionKey {
    return this.kekSource.get();
  }

  async onModuleInit(): Promise<void> {
    await this.sealPlaintextKeys();
    await this.checkSealedWithThisKey();
    for (const purpose of ['token-signing', 'license'] as const) {
      const key = await this.active(purpose);
      this.logger.log(`${purpose} key ${key.kid} ready`);
    }
  }

  /** The active key of a purpose, created on first use; concurrent starters converge on one row. */
  async active(purpose: KeyPurpose): Promise<KeyPair> {
    const existing = await this.keys.findActive(purpose);
    if (existing) return this.opened(existing);
    await this.keys.insertUnlessActiveExists(await this.generate(purpose));
    return this.opened(await this.keys.requireActive(purpose));
  }

  /** Retires the active signing key and activates a fresh one; returns the new key id. */
  async rotateSigningKey(): Promise<{ kid: string; retiredKid: string | null }> {
    const fresh = await this.generate('token-signing');
    const retiredKid = await this.keys.replaceActive(fresh);
    return { kid: fresh.kid, retiredKid };
  }

  async byKid(kid: string): Promise<KeyMaterialEntity | null> {
    return this.keys.findSigningKey(kid);
  }

  /** Every signing key that still verifies an unexpired token, the active one first. */
  async jwks(): Promise<{ keys: Jwk[] }> {
    const rows = await this.keys.publishedSigningKeys();
    return { keys: rows.map((row) => toJwk(row)) };
  }

  private async generate(purpose: KeyPurpose): Promise<KeyMaterialEntity> {
    const { publicKey, privateKey } = await generateRsa('rsa', {
      modulusLength: RSA_BITS,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const entity = new KeyMaterialEntity();
    entity.kid = `${purpose === 'license' ? 'lic' : 'sig'}-${new Date().toISOString().slice(0, 10)}-${randomBytes(6).toString('hex')}`;
    entity.purpose = purpose;
    entity.status = 'active';
    entity.publicPem = publicKey;
    entity.sealedPrivateKey = this.kek.seal(privateKey, entity.kid);
    entity.retiredAt = null;
    return entity;
  }

  private opened(entity: KeyMaterialEntity): KeyPair {
    return { kid: entity.kid, purpose: entity.purpose, publicPem: entity.publicPem, privatePem: this.kek.open(entity.sealedPrivateKey, entity.kid) };
  }

  /** Keys stored in the clear (before sealing existed) are sealed in place: the data half of their migration. */
  private async sealPlaintextKeys(): Promise<void> {
    const plain = (await this.keys.all()).filter((k) => !isSealed(k.sealedPrivateKey));
    for (const key of plain) await this.keys.sealInPlace(key.kid, key.sealedPrivateKey, this.kek.seal(key.sealedPrivateKey, key.kid));
    if (plain.length > 0) this.logger.warn(`sealed ${plain.length} private key(s) stored in the clear with key-encryption key ${this.kek.id}`);
  }

  /** A start with another key-encryption key stops here, before any token is signed or checked. */
  private async checkSealedWithThisKey(): Promise<void> {
    for (const key of await this.keys.all()) {
      const storedWith = sealedWith(key.sealedPrivateKey);
      if (storedWith !== this.kek.id) throw new WrongKeyEncryptionKey(this.kek, storedWith ?? 'none (stored in the clear)');
      if (key.status === 'active') this.opened(key);
    }
  }
}

export function toJwk(key: Pick<KeyMaterialEntity, 'kid' | 'publicPem'>): Jwk {
  const jwk = createPublicKey(key.publicPem).export({ format: 'jwk' }) as { n: string; e: string };
  return { kty: 'RSA', kid: key.kid, use: 'sig', alg: 'RS512', n: jwk.n, e: jwk.e };
}
