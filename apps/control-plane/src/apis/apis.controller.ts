import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin-auth/admin-token.guard';
import { ApisService } from './apis.service';
import { ApiView, CreateApiDto, SubscriptionCreatedView, SubscriptionView, UpdateApiDto } from './dto/api.dto';
import { SubscriptionsService } from './subscriptions.service';
import { ApiRoute } from '../openapi/api-docs.decorators';

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
  @ApiRoute({ operationId: 'createApi', summary: 'Create an API (a v4 proxy definition) in an environment' })
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
  @ApiRoute({ operationId: 'listApis', summary: "List the environment's APIs" })
  @ApiOkResponse({ type: [ApiView] })
  list(@Param('accountId', ParseUUIDPipe) accountId: string, @Param('envId', ParseUUIDPipe) envId: string): Promise<ApiView[]> {
    return this.apis.list(accountId, envId);
  }

  @Get(':apiId')
  @ApiRoute({ operationId: 'getApi', summary: 'Get an API' })
  @ApiOkResponse({ type: ApiView })
  get(
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Param('envId', ParseUUIDPipe) envId: string,
    @Param('apiId', ParseUUIDPipe) apiId: string,
  ): Promise<ApiView> {
    return this.apis.get(accountId, envId, apiId);
  }

  @Patch(':apiId')
  @ApiOperation({ summary: 'Edit an API (name, context path, target, plans); gateways get the change at the next deploy', operationId: 'updateApi' })
  @ApiOkResponse({ type: ApiView })
  @ApiBadRequestResponse({ description: 'A malformed field, or a plan id that is not one of the API plans' })
  @ApiConflictResponse({ description: 'The context path is used by another API of the environment, or a plan with open subscriptions would be removed or change security' })
  update(
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Param('envId', ParseUUIDPipe) envId: string,
    @Param('apiId', ParseUUIDPipe) apiId: string,
    @Body() body: UpdateApiDto,
  ): Promise<ApiView> {
    return this.apis.update(accountId, envId, apiId, body);
  }

  @Post(':apiId/undeploy')
  @HttpCode(200)
  @ApiOperation({ summary: 'Undeploy an API: gateways stop serving it, the API stays', operationId: 'undeployApi' })
  @ApiOkResponse({ type: ApiView, description: 'UNPUBLISH_API written if it was deployed' })
  undeploy(
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Param('envId', ParseUUIDPipe) envId: string,
    @Param('apiId', ParseUUIDPipe) apiId: string,
  ): Promise<ApiView> {
    return this.apis.undeploy(accountId, envId, apiId);
  }

  @Post(':apiId/deploy')
  @ApiRoute({ operationId: 'deployApi', summary: 'Deploy an API to the gateways of its environment' })
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
  @ApiRoute({ operationId: 'startApi', summary: 'Start a deployed API' })
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
  @ApiRoute({ operationId: 'stopApi', summary: 'Stop a deployed API; gateways stop serving it' })
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
  @ApiRoute({ operationId: 'deleteApi', summary: 'Undeploy and delete an API' })
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
  @ApiRoute({ operationId: 'createSubscription', summary: 'Subscribe to an api-key plan and get its API key' })
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

  @Get(':apiId/subscriptions')
  @ApiOperation({ summary: "List the API's subscriptions with their keys, newest first", operationId: 'listSubscriptions' })
  @ApiOkResponse({ type: [SubscriptionView] })
  listSubscriptions(
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Param('envId', ParseUUIDPipe) envId: string,
    @Param('apiId', ParseUUIDPipe) apiId: string,
  ): Promise<SubscriptionView[]> {
    return this.subscriptions.list(accountId, envId, apiId);
  }

  @Delete(':apiId/subscriptions/:subscriptionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Close a subscription and revoke its API key', operationId: 'closeSubscription' })
  @ApiNoContentResponse({ description: 'Closed; gateways refuse its key within seconds' })
  closeSubscription(
    @Param('accountId', ParseUUIDPipe) accountId: string,
    @Param('envId', ParseUUIDPipe) envId: string,
    @Param('apiId', ParseUUIDPipe) apiId: string,
    @Param('subscriptionId', ParseUUIDPipe) subscriptionId: string,
  ): Promise<void> {
    return this.subscriptions.close(accountId, envId, apiId, subscriptionId);
  }
}
