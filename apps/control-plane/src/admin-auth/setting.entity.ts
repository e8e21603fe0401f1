import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Small named values the control plane keeps across restarts (e.g. the admin token's hash). */
@Entity('settings')
export class SettingEntity {
  @PrimaryColumn('text') name!: string;
  @Column('text') value!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
