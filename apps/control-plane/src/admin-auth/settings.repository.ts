import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SettingEntity } from './setting.entity';

/** Named values kept across restarts; a value once written is never overwritten by a concurrent writer. */
@Injectable()
export class SettingsRepository {
  constructor(@InjectRepository(SettingEntity) private readonly settings: Repository<SettingEntity>) {}

  async valueOf(name: string): Promise<string | null> {
    return (await this.settings.findOne({ where: { name } }))?.value ?? null;
  }

  /** True when this call wrote the value; false when the setting already existed (its value is kept). */
  async insertIfAbsent(name: string, value: string): Promise<boolean> {
    const inserted: unknown[] = await this.settings.query(
      'INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING name',
      [name, value],
    );
    return inserted.length > 0;
  }

  /** The value of a setting that must exist; throws when it does not. */
  async requireValue(name: string): Promise<string> {
    return (await this.settings.findOneOrFail({ where: { name } })).value;
  }
}
