import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin-auth/admin-token.guard';
import { TokenView } from './dto/token.dto';
import { TokensService } from './tokens.service';

@ApiTags('tokens')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@UseGuards(AdminTokenGuard)
@Controller('accounts/:accountId/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get()
  @ApiOperation({ summary: "List the account's tokens, newest first", operationId: 'listTokens' })
  @ApiOkResponse({ type: [TokenView], description: 'Every token issued for the account, newest first, with its revocation state and last use' })
  @ApiNotFoundResponse({ description: 'Unknown account' })
  list(@Param('accountId', ParseUUIDPipe) accountId: string): Promise<TokenView[]> {
    return this.tokens.list(accountId);
  }

  @Post(':jti/revoke')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a token', operationId: 'revokeToken' })
  @ApiNoContentResponse({ description: 'Revoked; Cloud Gates refuse the token within seconds' })
  @ApiNotFoundResponse({ description: 'Unknown account, or a token not issued for it' })
  revoke(@Param('accountId', ParseUUIDPipe) accountId: string, @Param('jti', ParseUUIDPipe) jti: string): Promise<void> {
    return this.tokens.revoke(accountId, jti);
  }
}
