import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin-auth/admin-token.guard';
import { CreateGatewayDto, GatewayDetailView, GatewayView, InstallationDetailsDto, InstallationDetailsView, UpdateGatewayDto } from './dto/gateway.dto';
import { GatewaysService } from './gateways.service';
import { InstallationService } from './installation.service';

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
  @ApiOperation({ summary: 'Create a hybrid gateway installation', operationId: 'createGateway' })
  @ApiCreatedResponse({ type: GatewayView })
  @ApiBadRequestResponse({ description: 'Empty name, unknown platform or malformed access point' })
  @ApiNotFoundResponse({ description: 'Unknown account or environment' })
  create(@Param('accountId', ParseUUIDPipe) accountId: string, @Body() body: CreateGatewayDto): Promise<GatewayView> {
    return this.gateways.create(accountId, body);
  }

  @Get()
  @ApiOperation({ summary: "List the account's gateways", operationId: 'listGateways' })
  @ApiOkResponse({ type: [GatewayView], description: 'Gateways with their instances and heartbeat status' })
  @ApiNotFoundResponse({ description: 'Unknown account' })
  list(@Param('accountId', ParseUUIDPipe) accountId: string): Promise<GatewayView[]> {
    return this.gateways.list(accountId);
  }

  @Get(':gatewayId')
  @ApiOperation({ summary: 'Get a gateway with its instances and tokens', operationId: 'getGateway' })
  @ApiOkResponse({ type: GatewayDetailView })
  @ApiNotFoundResponse({ description: 'Unknown account or gateway' })
  get(@Param('accountId', ParseUUIDPipe) accountId: string, @Param('gatewayId', ParseUUIDPipe) gatewayId: string): Promise<GatewayDetailView> {
    return this.gateways.get(accountId, gatewayId);
  }

  @Patch(':gatewayId')
  @ApiOperation({ summary: 'Rename a gateway or change its access points', operationId: 'updateGateway' })
  @ApiOkResponse({ type: GatewayDetailView })
  @ApiBadRequestResponse({ description: 'Empty name or malformed access point' })
  @ApiNotFoundResponse({ description: 'Unknown account or gateway' })
  update(
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Param('gatewayId', ParseUUIDPipe) gatewayId: string,
    @Body() body: UpdateGatewayDto,
  ): Promise<GatewayDetailView> {
    return this.gateways.update(accountId, gatewayId, body);
  }

  @Delete(':gatewayId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a gateway and revoke its tokens', operationId: 'deleteGateway' })
  @ApiNoContentResponse({ description: 'Deleted; every token of the installation is revoked and Cloud Gates refuse them within seconds' })
  @ApiNotFoundResponse({ description: 'Unknown account or gateway' })
  remove(@Param('accountId', ParseUUIDPipe) accountId: string, @Param('gatewayId', ParseUUIDPipe) gatewayId: string): Promise<void> {
    return this.gateways.remove(accountId, gatewayId);
  }

  @Post(':gatewayId/installation-details')
  @ApiOperation({ summary: 'Issue a new Cloud Token and license for the installation (rotate with revokePrevious)', operationId: 'createInstallationDetails' })
  @ApiCreatedResponse({ type: InstallationDetailsView, description: 'A new Cloud Token and license, with the install snippets filled in' })
  @ApiBadRequestResponse({ description: 'revokePrevious is not a boolean' })
  @ApiNotFoundResponse({ description: 'Unknown account or gateway' })
  installationDetails(
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Param('gatewayId', ParseUUIDPipe) gatewayId: string,
    @Body() body: InstallationDetailsDto,
  ): Promise<InstallationDetailsView> {
    return this.installation.details(accountId, gatewayId, { revokePrevious: body.revokePrevious === true });
  }
}
