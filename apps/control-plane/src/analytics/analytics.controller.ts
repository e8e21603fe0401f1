import { Controller, Get, Param, ParseUUIDPipe, Query, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiServiceUnavailableResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminTokenGuard } from '../admin-auth/admin-token.guard';
import { AnalyticsService } from './analytics.service';
import { LogsQueryDto, RequestsAnalyticsView, RequestsQueryDto } from './dto/analytics.dto';
import { ApiRoute } from '../openapi/api-docs.decorators';

@ApiTags('analytics')
@ApiBearerAuth('admin')
@ApiUnauthorizedResponse({ description: 'Missing or wrong admin token' })
@ApiNotFoundResponse({ description: 'Unknown account' })
@ApiBadRequestResponse({ description: 'Malformed time range, interval or size' })
@ApiServiceUnavailableResponse({ description: 'Elasticsearch is not answering' })
@UseGuards(AdminTokenGuard)
@Controller('accounts/:accountId/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('requests')
  @ApiRoute({ operationId: 'getRequestAnalytics', summary: "Totals, counts by status, latency percentiles and a histogram of the account's requests" })
  @ApiOkResponse({ type: RequestsAnalyticsView })
  requests(@Param('accountId', ParseUUIDPipe) accountId: string, @Query() query: RequestsQueryDto): Promise<RequestsAnalyticsView> {
    return this.analytics.requests(accountId, query);
  }

  @Get('logs')
  @ApiRoute({ operationId: 'listRequestLogs', summary: "The account's raw metrics documents, newest first" })
  @ApiOkResponse({ schema: { type: 'array', items: { type: 'object', additionalProperties: true } } })
  logs(@Param('accountId', ParseUUIDPipe) accountId: string, @Query() query: LogsQueryDto): Promise<Array<Record<string, unknown>>> {
    return this.analytics.logs(accountId, query);
  }
}
