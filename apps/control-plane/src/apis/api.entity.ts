import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const PLAN_SECURITY = ['key-less', 'api-key'] as const;
export type PlanSecurity = (typeof PLAN_SECURITY)[number];

export interface StoredPlan {
  id: string;
  name: string;
  security: PlanSecurity;
  rateLimit?: { limit: number; periodSeconds: number };
}

/** The fields gateways serve, as they were at the last deploy. */
export type DeployedRecord = Pick<ApiEntity, 'name' | 'contextPath' | 'target' | 'plans'>;

@Entity('apis')
export class ApiEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'account_id' }) accountId!: string;
  @Column('uuid', { name: 'environment_id' }) environmentId!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'context_path' }) contextPath!: string;
  @Column('text') target!: string;
  @Column('jsonb') plans!: StoredPlan[];
  @Column('text', { name: 'lifecycle_state' }) lifecycleState!: 'STARTED' | 'STOPPED';
  @Column('timestamptz', { name: 'deployed_at', nullable: true }) deployedAt!: Date | null;
  /** What the last deploy published; edits since then reach gateways only at the next deploy. */
  @Column('jsonb', { name: 'deployed_record', nullable: true }) deployedRecord!: DeployedRecord | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
