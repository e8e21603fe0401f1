import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { KeysModule } from '../keys/keys.module';
import { CloudTokenService } from './cloud-token.service';
import { CloudTokenSigner } from './cloud-token.signer';
import { IssuedTokenEntity } from './issued-token.entity';
import { TokensController } from './tokens.controller';
import { TokensRepository } from './tokens.repository';
import { TokensService } from './tokens.service';

@Module({
  imports: [TypeOrmModule.forFeature([IssuedTokenEntity]), JwtModule.register({}), AccountsModule, KeysModule],
  controllers: [TokensController],
  providers: [CloudTokenService, CloudTokenSigner, TokensService, TokensRepository],
  exports: [CloudTokenService, TokensService, TokensRepository],
})
export class TokensModule {}
