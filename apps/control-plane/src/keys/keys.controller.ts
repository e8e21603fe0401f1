import { Controller, Get, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin-auth/admin-token.guard';
import { ChangeBus } from '../changes/change-bus.service';
import { Jwk, KeyStoreService } from './key-store.service';
import { ApiRoute, PublicRoute } from '../openapi/api-docs.decorators';

@ApiTags('keys')
@Controller()
export class KeysController {
  constructor(
    private readonly keys: KeyStoreService,
    private readonly changes: ChangeBus,
  ) {}

  /** Mounted outside `/api/v1` (see main.ts). */
  @Get('.well-known/jwks.json')
  @ApiRoute({ operationId: 'getJwks', summary: 'The JSON Web Key Set Cloud Tokens are verified with' })
  @PublicRoute()
  @ApiOkResponse({ description: 'Every signing key still verifying unexpired Cloud Tokens, the active one first' })
  async jwks(): Promise<{ keys: Jwk[] }> {
    return this.keys.jwks();
  }

  @Get('license/public-key')
  @ApiRoute({ operationId: 'getLicensePublicKey', summary: 'The public key licenses are signed with' })
  @PublicRoute()
  @ApiOkResponse({ description: 'The public key licenses are signed with' })
  async licensePublicKey(): Promise<{ algorithm: 'RSA'; format: 'spki-pem'; publicKey: string }> {
    const key = await this.keys.active('license');
    return { algorithm: 'RSA', format: 'spki-pem', publicKey: key.publicPem };
  }

  @Post('admin/signing-keys/rotate')
  @ApiRoute({ operationId: 'rotateSigningKey', summary: 'Rotate the Cloud Token signing key' })
  @UseGuards(AdminTokenGuard)
  @ApiBearerAuth('admin')
  @ApiUnauthorizedResponse()
  @ApiOkResponse({ description: 'New tokens are signed with the new key; the old one stays published while its tokens live' })
  async rotate(): Promise<{ kid: string; retiredKid: string | null }> {
    const result = await this.keys.rotateSigningKey();
    await this.changes.publish({ event: 'keys', data: { at: Date.now() } });
    return result;
  }
}
