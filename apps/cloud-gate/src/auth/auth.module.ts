import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CloudTokenGuard } from './cloud-token.guard';
import { JwksService } from './jwks.service';
import { RevocationStore } from './revocation.store';
import { TokenVerifier } from './token-verifier.service';

/** Every route marked @RequiresScope() is guarded by the Cloud Token; others are open. */
@Module({
  providers: [JwksService, RevocationStore, TokenVerifier, { provide: APP_GUARD, useClass: CloudTokenGuard }],
  exports: [TokenVerifier],
})
export class AuthModule {}
