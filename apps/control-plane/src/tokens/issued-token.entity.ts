import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const TOKEN_KINDS = ['gateway', 'automation'] as const;
/** `gateway`: a hybrid gateway installation's token; `automation`: an account's token for automation (SPEC §10). */
export type TokenKind = (typeof TOKEN_KINDS)[number];

/**
 * Registry of every Cloud Token issued, by `jti`; revocation is a timestamp here. A row outlives its
 * gateway: a deleted installation's tokens stay revoked until they expire.
 */
@Entity('issued_tokens')
export class IssuedTokenEntity {
  @PrimaryColumn('uuid') jti!: string;
  @Column('uuid', { name: 'account_id' }) accountId!: string;
  @Column('text') kind!: TokenKind;
  /** The installation of a `gateway` token; null on `automation` tokens. */
  @Column('uuid', { name: 'gateway_id', nullable: true }) gatewayId!: string | null;
  /** The operator's name for an `automation` token; null on `gateway` tokens. */
  @Column('text', { nullable: true }) name!: string | null;
  /** The token's `envs` claim. */
  @Column('uuid', { name: 'environment_ids', array: true }) environmentIds!: string[];
  @Column('text') kid!: string;
  @Column('timestamptz', { name: 'issued_at' }) issuedAt!: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  /** When a gate last forwarded a call made with the token (coarse: written at most every few seconds). */
  @Column('timestamptz', { name: 'last_seen_at', nullable: true }) lastSeenAt!: Date | null;
  /** When the row was written, to the microsecond (`issuedAt` is the claim `iat`, whole seconds): the order of the lists. */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
