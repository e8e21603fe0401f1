import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EventType } from '@app/contracts';

/** A bridge event (SPEC §4), append-only; "latest per API" is computed when read. */
@Entity('events')
export class EventEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') type!: EventType;
  @Column('text') payload!: string;
  @Column('text', { name: 'parent_id', nullable: true }) parentId!: string | null;
  @Column('jsonb') properties!: Record<string, string>;
  @Column('text', { array: true }) environments!: string[];
  @Column('text', { array: true }) organizations!: string[];
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
