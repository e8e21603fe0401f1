import { Body, Controller, Get, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiCreatedResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin-auth/admin-token.guard';
import { AutomationAccess, CurrentOperator, Operator } from '../admin-auth/operator';
import { AccountsService } from './accounts.service';
import { AccountView, CreateAccountDto, CreateEnvironmentDto, EnvironmentView } from './dto/account.dto';
import { ApiRoute } from '../openapi/api-docs.decorators';

@ApiTags('accounts')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@UseGuards(AdminTokenGuard)
@Controller('accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @ApiRoute({ operationId: 'createAccount', summary: 'Create a Cloud Account with its first environment' })
  @ApiCreatedResponse({ type: AccountView, description: 'The account with its first environment' })
  @ApiBadRequestResponse({ description: 'Empty name or unknown region' })
  create(@Body() body: CreateAccountDto): Promise<AccountView> {
    return this.accounts.create(body.name, body.region);
  }

  @Get()
  @AutomationAccess('own-accounts')
  @ApiRoute({ operationId: 'listAccounts', summary: 'List the Cloud Accounts (with an automation token, its own account only)' })
  @ApiOkResponse({ type: [AccountView] })
  async list(@CurrentOperator() operator: Operator): Promise<AccountView[]> {
    return operator.kind === 'admin' ? this.accounts.list() : [await this.accounts.get(operator.accountId)];
  }

  @Get(':accountId')
  @AutomationAccess('any-environment')
  @ApiRoute({ operationId: 'getAccount', summary: 'Get a Cloud Account' })
  @ApiOkResponse({ type: AccountView })
  @ApiNotFoundResponse()
  get(@Param('accountId', ParseUUIDPipe) accountId: string): Promise<AccountView> {
    return this.accounts.get(accountId);
  }

  @Post(':accountId/environments')
  @ApiRoute({ operationId: 'createEnvironment', summary: 'Add an environment to an account' })
  @ApiCreatedResponse({ type: EnvironmentView })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'An environment of that name exists' })
  addEnvironment(@Param('accountId', ParseUUIDPipe) accountId: string, @Body() body: CreateEnvironmentDto): Promise<EnvironmentView> {
    return this.accounts.addEnvironment(accountId, body.name);
  }
}
