import { Injectable, OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ControlPlaneConfig } from '@app/config';
import { SettingsRepository } from './settings.repository';

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
    private readonly settings: SettingsRepository,
    private readonly config: ControlPlaneConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.ADMIN_TOKEN) {
      this.expectedHash = sha256(this.config.ADMIN_TOKEN);
      return;
    }
    const stored = await this.settings.valueOf(SETTING);
    if (stored !== null) {
      this.expectedHash = Buffer.from(stored, 'hex');
      return;
    }
    const token = `cpadm_${randomBytes(24).toString('base64url')}`;
    const inserted = await this.settings.insertIfAbsent(SETTING, sha256(token).toString('hex'));
    // Only the instance whose insert won prints it; any other concurrent starter uses the winner's hash.
    if (inserted) process.stdout.write(`Admin token: ${token}\n`);
    this.expectedHash = Buffer.from(await this.settings.requireValue(SETTING), 'hex');
  }

  matches(candidate: string): boolean {
    if (!this.expectedHash) return false;
    return timingSafeEqual(sha256(candidate), this.expectedHash);
  }
}
