import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A gateway node's heartbeat event (`GATEWAY_STARTED`/`GATEWAY_STOPPED`), as its first call sent it and its
 * later patches changed it: Gravitee's gateway patches it with only `id`, `type` and `properties`.
 */
@Entity('gateway_heartbeat_events')
export class GatewayHeartbeatEventEntity {
  @PrimaryColumn('uuid', { name: 'gateway_id' }) gatewayId!: string;
  @PrimaryColumn('text') id!: string;
  @Column('text', { name: 'node_id' }) nodeId!: string;
  @Column('text') type!: 'GATEWAY_STARTED' | 'GATEWAY_STOPPED';
  @Column('text') payload!: string;
  @Column('text', { name: 'parent_id', nullable: true }) parentId!: string | null;
  @Column('jsonb') properties!: Record<string, string>;
  @Column('text', { array: true }) environments!: string[];
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
