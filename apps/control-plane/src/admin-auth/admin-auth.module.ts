import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminTokenGuard } from './admin-token.guard';
import { AdminTokenService } from './admin-token.service';
import { SettingEntity } from './setting.entity';
import { SettingsRepository } from './settings.repository';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([SettingEntity])],
  providers: [AdminTokenService, AdminTokenGuard, SettingsRepository],
  exports: [AdminTokenService, AdminTokenGuard],
})
export class AdminAuthModule {}
