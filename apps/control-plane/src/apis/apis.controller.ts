import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin-auth/admin-token.guard';
import { ApisService } from './apis.service';
import { ApiView, CreateApiDto, SubscriptionCreatedView } from './dto/api.dto';
import { SubscriptionsService } from './subscriptions.service';

@ApiTags('apis')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@ApiNotFoundResponse({ description: 'Unknown account, environment, API or plan' })
@UseGuards(AdminTokenGuard)
@Controller('accounts/:accountId/environments/:envId/apis')
export class ApisController {
  constructor(
    private readonly apis: ApisService,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: ApiView, description: 'Stored as a v4 proxy definition (not deployed yet)' })
  @ApiBadRequestResponse()
  @ApiConflictResponse({ description: 'The context path is used by another API of the environment' })
  create(
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Param('envId', ParseUUIDPipe) envId: string,
    @Body() body: CreateApiDto,
  ): Promise<ApiView> {
    return this.apis.create(accountId, envId, body);
  }

  @Get()
  @ApiOkResponse({ type: [ApiView] })
  list(@Param('accountId', ParseUUIDPipe) accountId: string, @Param('envId', ParseUUIDPipe) envId: string): Promise<ApiView[]> {
    return this.apis.list(accountId, envId);
  }

  @Get(':apiId')
  @ApiOkResponse({ type: ApiView })
  get(
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Param('envId', ParseUUIDPipe) envId: string,
    @Param('apiId', ParseUUIDPipe) apiId: string,
  ): Promise<ApiView> {
    return this.apis.get(accountId, envId, apiId);
  }

  @Post(':apiId/deploy')
  @HttpCode(200)
  @ApiOkResponse({ type: ApiView, description: 'PUBLISH_API written; connected gateways pick it up' })
  deploy(
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Param('envId', ParseUUIDPipe) envId: string,
    @Param('apiId', ParseUUIDPipe) apiId: string,
  ): Promise<ApiView> {
    return this.apis.deploy(accountId, envId, apiId);
  }

  @Post(':apiId/start')
  @HttpCode(200)
  @ApiOkResponse({ type: ApiView, description: 'START_API written if the API is deployed' })
  start(
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Param('envId', ParseUUIDPipe) envId: string,
    @Param('apiId', ParseUUIDPipe) apiId: string,
  ): Promise<ApiView> {
    return this.apis.start(accountId, envId, apiId);
  }

  @Post(':apiId/stop')
  @HttpCode(200)
  @ApiOkResponse({ type: ApiView, description: 'STOP_API written if the API is deployed; gateways stop serving it' })
  stop(
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Param('envId', ParseUUIDPipe) envId: string,
    @Param('apiId', ParseUUIDPipe) apiId: string,
  ): Promise<ApiView> {
    return this.apis.stop(accountId, envId, apiId);
  }

  @Delete(':apiId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'UNPUBLISH_API written if it was deployed; the API and its subscriptions are deleted' })
  remove(
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Param('envId', ParseUUIDPipe) envId: string,
    @Param('apiId', ParseUUIDPipe) apiId: string,
  ): Promise<void> {
    return this.apis.remove(accountId, envId, apiId);
  }

  @Post(':apiId/plans/:planId/subscriptions')
  @ApiCreatedResponse({ type: SubscriptionCreatedView })
  @ApiBadRequestResponse({ description: 'The plan is key-less' })
  subscribe(
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Param('envId', ParseUUIDPipe) envId: string,
    @Param('apiId', ParseUUIDPipe) apiId: string,
    @Param('planId', ParseUUIDPipe) planId: string,
  ): Promise<SubscriptionCreatedView> {
    return this.subscriptions.subscribe(accountId, envId, apiId, planId);
  }
}
