import { Body, Controller, Get, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin-auth/admin-token.guard';
import { AutomationTokensService } from './automation-tokens.service';
import { AutomationTokenCreatedView, AutomationTokenView, CreateAutomationTokenDto } from './dto/automation-token.dto';

@ApiTags('tokens')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@ApiNotFoundResponse({ description: 'Unknown account or token' })
@UseGuards(AdminTokenGuard)
@Controller('accounts/:accountId/automation-tokens')
export class AutomationTokensController {
  constructor(private readonly tokens: AutomationTokensService) {}

  @Post()
  @ApiOperation({ summary: 'Issue an automation token (Terraform provider, Kubernetes operator, scripts)', operationId: 'createAutomationToken' })
  @ApiCreatedResponse({
    type: AutomationTokenCreatedView,
    description: 'An automation token (scopes `automation`, `rest`) for the Terraform provider, the Kubernetes operator or scripts; revoke it with `POST .../tokens/{jti}/revoke`',
  })
  @ApiBadRequestResponse({ description: 'Empty name, or an environment that is not the account’s' })
  create(@Param('accountId', ParseUUIDPipe) accountId: string, @Body() body: CreateAutomationTokenDto): Promise<AutomationTokenCreatedView> {
    return this.tokens.create(accountId, body);
  }

  @Get()
  @ApiOperation({ summary: 'List the account’s automation tokens', operationId: 'listAutomationTokens' })
  @ApiOkResponse({ type: [AutomationTokenView], description: 'The account’s automation tokens, newest first (never the token itself)' })
  list(@Param('accountId', ParseUUIDPipe) accountId: string): Promise<AutomationTokenView[]> {
    return this.tokens.list(accountId);
  }

  @Post(':jti/rotate')
  @ApiOperation({ summary: 'Rotate an automation token: a new one, the old one revoked', operationId: 'rotateAutomationToken' })
  @ApiCreatedResponse({ type: AutomationTokenCreatedView, description: 'A new token with the same name and environments; the old one is revoked (gates refuse it within seconds)' })
  @ApiConflictResponse({ description: 'The token is revoked already' })
  rotate(@Param('accountId', ParseUUIDPipe) accountId: string, @Param('jti', ParseUUIDPipe) jti: string): Promise<AutomationTokenCreatedView> {
    return this.tokens.rotate(accountId, jti);
  }
}
