import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createPublicKey, generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { KeyMaterialEntity, KeyPurpose } from './key-material.entity';
import { KeyMaterialRepository } from './key-material.repository';

const generateRsa = promisify(generateKeyPair);
const RSA_BITS = 2048;

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
 */
@Injectable()
export class KeyStoreService implements OnModuleInit {
  private readonly logger = new Logger(KeyStoreService.name);

  constructor(private readonly keys: KeyMaterialRepository) {}

  async onModuleInit(): Promise<void> {
    for (const purpose of ['token-signing', 'license'] as const) {
      const key = await this.active(purpose);
      this.logger.log(`${purpose} key ${key.kid} ready`);
    }
  }

  /** The active key of a purpose, created on first use; concurrent starters converge on one row. */
  async active(purpose: KeyPurpose): Promise<KeyMaterialEntity> {
    const existing = await this.keys.findActive(purpose);
    if (existing) return existing;
    await this.keys.insertUnlessActiveExists(await this.generate(purpose));
    return this.keys.requireActive(purpose);
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
    entity.privatePem = privateKey;
    entity.retiredAt = null;
    return entity;
  }
}

export function toJwk(key: Pick<KeyMaterialEntity, 'kid' | 'publicPem'>): Jwk {
  const jwk = createPublicKey(key.publicPem).export({ format: 'jwk' }) as { n: string; e: string };
  return { kty: 'RSA', kid: key.kid, use: 'sig', alg: 'RS512', n: jwk.n, e: jwk.e };
}
