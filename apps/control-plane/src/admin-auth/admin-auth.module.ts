import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { TokensModule } from '../tokens/tokens.module';
import { AdminTokenGuard } from './admin-token.guard';
import { AdminTokenService } from './admin-token.service';
import { SettingEntity } from './setting.entity';
import { SettingsRepository } from './settings.repository';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([SettingEntity]), AccountsModule, TokensModule],
  providers: [AdminTokenService, AdminTokenGuard, SettingsRepository],
  exports: [AdminTokenService, AdminTokenGuard, AccountsModule, TokensModule],
})
export class AdminAuthModule {}
