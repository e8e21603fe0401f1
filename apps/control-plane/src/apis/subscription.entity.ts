import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('subscriptions')
export class SubscriptionEntity {
  @PrimaryColumn('uuid') id!: string;
  /** Human-readable id, unique among the API's open subscriptions, of one declared through the Automation API. */
  @Column('text', { nullable: true }) hrid!: string | null;
  @Column('uuid', { name: 'api_id' }) apiId!: string;
  @Column('uuid', { name: 'plan_id' }) planId!: string;
  /** The subscribing application: an application's id, or a random id for subscriptions made without one. */
  @Column('text') application!: string;
  @Column('uuid', { name: 'environment_id' }) environmentId!: string;
  @Column('text') status!: 'ACCEPTED' | 'CLOSED' | 'PAUSED';
  /** The Automation API declaration as last put, without its API keys (what its answers echo). */
  @Column('jsonb', { nullable: true }) declaration!: object | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
