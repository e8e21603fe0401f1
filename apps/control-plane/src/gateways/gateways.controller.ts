import { Body, Controller, Get, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin-auth/admin-token.guard';
import { CreateGatewayDto, GatewayView, InstallationDetailsView } from './dto/gateway.dto';
import { GatewaysService } from './gateways.service';
import { InstallationService } from './installation.service';
import { ApiRoute } from '../openapi/api-docs.decorators';

@ApiTags('gateways')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@UseGuards(AdminTokenGuard)
@Controller('accounts/:accountId/gateways')
export class GatewaysController {
  constructor(
    private readonly gateways: GatewaysService,
    private readonly installation: InstallationService,
  ) {}

  @Post()
  @ApiRoute({ operationId: 'createGateway', summary: 'Register a hybrid gateway installation' })
  @ApiCreatedResponse({ type: GatewayView })
  @ApiBadRequestResponse({ description: 'Empty name, unknown platform or malformed access point' })
  @ApiNotFoundResponse({ description: 'Unknown account or environment' })
  create(@Param('accountId', ParseUUIDPipe) accountId: string, @Body() body: CreateGatewayDto): Promise<GatewayView> {
    return this.gateways.create(accountId, body);
  }

  @Get()
  @ApiRoute({ operationId: 'listGateways', summary: "List the account's gateways with their instances and status" })
  @ApiOkResponse({ type: [GatewayView], description: 'Gateways with their instances and heartbeat status' })
  list(@Param('accountId', ParseUUIDPipe) accountId: string): Promise<GatewayView[]> {
    return this.gateways.list(accountId);
  }

  @Get(':gatewayId')
  @ApiRoute({ operationId: 'getGateway', summary: 'Get a gateway with its instances' })
  @ApiOkResponse({ type: GatewayView })
  @ApiNotFoundResponse()
  get(@Param('accountId', ParseUUIDPipe) accountId: string, @Param('gatewayId', ParseUUIDPipe) gatewayId: string): Promise<GatewayView> {
    return this.gateways.get(accountId, gatewayId);
  }

  @Post(':gatewayId/installation-details')
  @ApiRoute({ operationId: 'createInstallationDetails', summary: 'Issue a Cloud Token and license, with the install snippets filled in' })
  @ApiCreatedResponse({ type: InstallationDetailsView, description: 'Issues a new Cloud Token and license for the installation' })
  @ApiNotFoundResponse()
  installationDetails(
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Param('gatewayId', ParseUUIDPipe) gatewayId: string,
  ): Promise<InstallationDetailsView> {
    return this.installation.details(accountId, gatewayId);
  }
}
