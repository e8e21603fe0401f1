import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type KeyPurpose = 'token-signing' | 'license';

/**
 * RSA key pairs the control plane signs with. The private half is stored sealed with the
 * key-encryption key (`kek1.…`, see key-encryption-key.ts) and opened only to sign.
 */
@Entity('key_material')
export class KeyMaterialEntity {
  @PrimaryColumn('text') kid!: string;
  @Column('text') purpose!: KeyPurpose;
  @Column('text') status!: 'active' | 'retired';
  @Column('text', { name: 'public_pem' }) publicPem!: string;
  @Column('text', { name: 'private_key' }) sealedPrivateKey!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'retired_at', nullable: true }) retiredAt!: Date | null;
}
