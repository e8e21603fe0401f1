import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin-auth/admin-token.guard';
import { EnvironmentView, UpdateEnvironmentDto } from './dto/account.dto';
import { EnvironmentsService } from './environments.service';

@ApiTags('environments')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@UseGuards(AdminTokenGuard)
@Controller('accounts/:accountId/environments')
export class EnvironmentsController {
  constructor(private readonly environments: EnvironmentsService) {}

  @Get()
  @ApiOperation({ summary: "List the account's environments, oldest first", operationId: 'listEnvironments' })
  @ApiOkResponse({ type: [EnvironmentView] })
  @ApiNotFoundResponse({ description: 'Unknown account' })
  list(@Param('accountId', ParseUUIDPipe) accountId: string): Promise<EnvironmentView[]> {
    return this.environments.list(accountId);
  }

  @Patch(':envId')
  @ApiOperation({ summary: 'Rename an environment', operationId: 'updateEnvironment' })
  @ApiOkResponse({ type: EnvironmentView })
  @ApiBadRequestResponse({ description: 'Empty name' })
  @ApiNotFoundResponse({ description: 'Unknown account or environment' })
  @ApiConflictResponse({ description: 'Another environment of the account has that name' })
  update(
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Param('envId', ParseUUIDPipe) envId: string,
    @Body() body: UpdateEnvironmentDto,
  ): Promise<EnvironmentView> {
    return this.environments.rename(accountId, envId, body.name);
  }

  @Delete(':envId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an environment no gateway or API uses', operationId: 'deleteEnvironment' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'Unknown account or environment' })
  @ApiConflictResponse({ description: 'Gateways or APIs use the environment (counts in `details`), or it is the account’s only one' })
  remove(@Param('accountId', ParseUUIDPipe) accountId: string, @Param('envId', ParseUUIDPipe) envId: string): Promise<void> {
    return this.environments.remove(accountId, envId);
  }
}
