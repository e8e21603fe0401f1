import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { GatewayEntity } from './gateway.entity';

export interface InstancePlugin {
  id: string;
  name: string | null;
  version: string | null;
  type: string | null;
}

/** One running gateway node, as its heartbeats describe it. */
@Entity('gateway_instances')
export class GatewayInstanceEntity {
  @PrimaryColumn('uuid', { name: 'gateway_id' }) gatewayId!: string;
  @PrimaryColumn('text', { name: 'node_id' }) nodeId!: string;
  @Column('text', { nullable: true }) hostname!: string | null;
  @Column('text', { nullable: true }) version!: string | null;
  @Column('text', { nullable: true }) ip!: string | null;
  @Column('text', { nullable: true }) port!: string | null;
  @Column('text', { nullable: true }) tenant!: string | null;
  /** The plugins the node said it runs (`[{id, name, version, type}]`). */
  @Column('jsonb', { nullable: true }) plugins!: InstancePlugin[] | null;
  /** What the gateway said last: `started` (heartbeats) or `stopped` (GATEWAY_STOPPED). */
  @Column('text') state!: 'started' | 'stopped';
  @Column('timestamptz', { name: 'started_at', nullable: true }) startedAt!: Date | null;
  @Column('timestamptz', { name: 'last_heartbeat_at' }) lastHeartbeatAt!: Date;
  @Column('timestamptz', { name: 'stopped_at', nullable: true }) stoppedAt!: Date | null;
  @ManyToOne(() => GatewayEntity, (g) => g.instances, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'gateway_id' })
  gateway?: GatewayEntity;
}
