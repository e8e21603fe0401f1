import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { KeysModule } from '../keys/keys.module';
import { CloudTokenService } from './cloud-token.service';
import { IssuedTokenEntity } from './issued-token.entity';
import { TokensController } from './tokens.controller';
import { TokensRepository } from './tokens.repository';
import { TokensService } from './tokens.service';

@Module({
  imports: [TypeOrmModule.forFeature([IssuedTokenEntity]), AccountsModule, KeysModule],
  controllers: [TokensController],
  providers: [CloudTokenService, TokensService, TokensRepository],
  exports: [CloudTokenService, TokensService],
})
export class TokensModule {}
