import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An API consumer; its subscriptions name it by id (`subscriptions.application`). */
@Entity('applications')
export class ApplicationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'account_id' }) accountId!: string;
  @Column('uuid', { name: 'environment_id' }) environmentId!: string;
  /** Human-readable id, unique in the environment, of an application declared through the Automation API. */
  @Column('text', { nullable: true }) hrid!: string | null;
  @Column('text') name!: string;
  @Column('text') description!: string;
  /** The Automation API declaration as last put (what its answers echo). */
  @Column('jsonb', { nullable: true }) declaration!: object | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
