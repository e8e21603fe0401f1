import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') key!: string;
  @Column('uuid', { name: 'subscription_id' }) subscriptionId!: string;
  @Column('uuid', { name: 'api_id' }) apiId!: string;
  @Column('text') application!: string;
  @Column('uuid', { name: 'environment_id' }) environmentId!: string;
  @Column('boolean') revoked!: boolean;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
