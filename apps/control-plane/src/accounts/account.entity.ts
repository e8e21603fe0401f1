import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn } from 'typeorm';
import type { Geography } from '@app/contracts';
import { EnvironmentEntity } from './environment.entity';

@Entity('accounts')
export class AccountEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text') region!: Geography;
  @Column('uuid', { name: 'organization_id' }) organizationId!: string;
  @Column('text', { name: 'analytics_index_id' }) analyticsIndexId!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @OneToMany(() => EnvironmentEntity, (e) => e.account) environments?: EnvironmentEntity[];
}
