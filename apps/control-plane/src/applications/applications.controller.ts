import { Controller, Get, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin-auth/admin-token.guard';
import { ApplicationsService } from './applications.service';
import { ApplicationView } from './dto/application.dto';

@ApiTags('applications')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@ApiNotFoundResponse({ description: 'Unknown account or environment' })
@UseGuards(AdminTokenGuard)
@Controller('accounts/:accountId/environments/:envId/applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Get()
  @ApiOperation({ summary: 'List the environment’s applications', operationId: 'listApplications' })
  @ApiOkResponse({ type: [ApplicationView], description: 'The environment’s applications (declared through the Automation API), oldest first' })
  list(@Param('accountId', ParseUUIDPipe) accountId: string, @Param('envId', ParseUUIDPipe) envId: string): Promise<ApplicationView[]> {
    return this.applications.list(accountId, envId);
  }
}
