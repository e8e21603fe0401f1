import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { KeysModule } from '../keys/keys.module';
import { AutomationTokensController } from './automation-tokens.controller';
import { AutomationTokensService } from './automation-tokens.service';
import { AutomationTokenVerifier } from './automation-token.verifier';
import { CloudTokenService } from './cloud-token.service';
import { CloudTokenSigner } from './cloud-token.signer';
import { IssuedTokenEntity } from './issued-token.entity';
import { TokensController } from './tokens.controller';
import { TokensRepository } from './tokens.repository';
import { TokensService } from './tokens.service';

@Module({
  imports: [TypeOrmModule.forFeature([IssuedTokenEntity]), JwtModule.register({}), AccountsModule, KeysModule],
  controllers: [TokensController, AutomationTokensController],
  providers: [CloudTokenService, CloudTokenSigner, TokensService, AutomationTokensService, AutomationTokenVerifier, TokensRepository],
  exports: [CloudTokenService, TokensService, TokensRepository, AutomationTokenVerifier],
})
export class TokensModule {}
