import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('subscriptions')
export class SubscriptionEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'api_id' }) apiId!: string;
  @Column('uuid', { name: 'plan_id' }) planId!: string;
  @Column('text') application!: string;
  @Column('uuid', { name: 'environment_id' }) environmentId!: string;
  @Column('text') status!: 'ACCEPTED' | 'CLOSED' | 'PAUSED';
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
