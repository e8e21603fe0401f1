import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ControlPlaneConfig } from '@app/config';
import { SettingEntity } from './setting.entity';

const SETTING = 'admin-token-sha256';

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * The operator credential: `ADMIN_TOKEN` when set; otherwise one generated at first start,
 * kept only as a hash and printed once on stdout (never through the logger).
 */
@Injectable()
export class AdminTokenService implements OnModuleInit {
  private expectedHash?: Buffer;

  constructor(
    @InjectRepository(SettingEntity) private readonly settings: Repository<SettingEntity>,
    private readonly config: ControlPlaneConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.ADMIN_TOKEN) {
      this.expectedHash = sha256(this.config.ADMIN_TOKEN);
      return;
    }
    const stored = await this.settings.findOne({ where: { name: SETTING } });
    if (stored) {
      this.expectedHash = Buffer.from(stored.value, 'hex');
      return;
    }
    const token = `cpadm_${randomBytes(24).toString('base64url')}`;
    const inserted: unknown[] = await this.settings.query(
      'INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING name',
      [SETTING, sha256(token).toString('hex')],
    );
    // Only the instance whose insert won prints it; any other concurrent starter uses the winner's hash.
    if (inserted.length > 0) process.stdout.write(`Admin token: ${token}\n`);
    const winner = await this.settings.findOneOrFail({ where: { name: SETTING } });
    this.expectedHash = Buffer.from(winner.value, 'hex');
  }

  matches(candidate: string): boolean {
    if (!this.expectedHash) return false;
    return timingSafeEqual(sha256(candidate), this.expectedHash);
  }
}
