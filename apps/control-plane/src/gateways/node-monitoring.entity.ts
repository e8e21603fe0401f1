import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a gateway node reports of itself through the bridge's `node/monitoring`: one record per node and type. */
@Entity('node_monitoring')
export class NodeMonitoringEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'gateway_id' }) gatewayId!: string;
  @Column('text', { name: 'node_id' }) nodeId!: string;
  /** `NODE_INFOS`, `HEALTH_CHECK`, `MONITOR` (Gravitee's node writes these). */
  @Column('text') type!: string;
  /** The record's JSON, as the node wrote it. */
  @Column('text') payload!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'evaluated_at', nullable: true }) evaluatedAt!: Date | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
