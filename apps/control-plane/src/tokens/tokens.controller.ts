import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin-auth/admin-token.guard';
import { TokenView, TokensService } from './tokens.service';
import { ApiRoute } from '../openapi/api-docs.decorators';

@ApiTags('tokens')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@UseGuards(AdminTokenGuard)
@Controller('accounts/:accountId/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get()
  @ApiRoute({ operationId: 'listTokens', summary: "List the account's Cloud Tokens, newest first" })
  @ApiOkResponse({ description: 'Every Cloud Token issued for the account, newest first, with its revocation state' })
  list(@Param('accountId', ParseUUIDPipe) accountId: string): Promise<TokenView[]> {
    return this.tokens.list(accountId);
  }

  @Post(':jti/revoke')
  @ApiRoute({ operationId: 'revokeToken', summary: 'Revoke a Cloud Token by its jti' })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked; Cloud Gates refuse the token within seconds' })
  @ApiNotFoundResponse()
  revoke(@Param('accountId', ParseUUIDPipe) accountId: string, @Param('jti', ParseUUIDPipe) jti: string): Promise<void> {
    return this.tokens.revoke(accountId, jti);
  }
}
