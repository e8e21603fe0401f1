import { Column, CreateDateColumn, Entity, OneToMany, PrimaryColumn } from 'typeorm';
import { GatewayInstanceEntity } from './gateway-instance.entity';

export const PLATFORMS = ['docker', 'kubernetes', 'openshift', 'linux'] as const;
export type Platform = (typeof PLATFORMS)[number];

@Entity('gateways')
export class GatewayEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'account_id' }) accountId!: string;
  @Column('uuid', { name: 'environment_id' }) environmentId!: string;
  @Column('text') name!: string;
  @Column('text') platform!: Platform;
  @Column('jsonb', { name: 'access_points' }) accessPoints!: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @OneToMany(() => GatewayInstanceEntity, (i) => i.gateway) instances?: GatewayInstanceEntity[];
}
