import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const EPOCH_MS = { type: 'integer', format: 'int64' } as const;

class TimeRangeQuery {
  @ApiPropertyOptional({ ...EPOCH_MS, description: 'Start, epoch milliseconds, inclusive (default: one hour before `to`).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  from?: number;

  @ApiPropertyOptional({ ...EPOCH_MS, description: 'End, epoch milliseconds, exclusive (default: now).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  to?: number;

  @ApiPropertyOptional({ description: 'Only this API.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  apiId?: string;
}

export class RequestsQueryDto extends TimeRangeQuery {
  @ApiPropertyOptional({ ...EPOCH_MS, description: 'Histogram bucket width in milliseconds (default: about 60 buckets over the range).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  interval?: number;
}

/** Elasticsearch's default `index.max_result_window`: paging reaches the 10,000 newest documents of a range. */
export const MAX_LOGS_WINDOW = 10_000;

export class LogsQueryDto extends TimeRangeQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 50, description: 'How many documents, newest first.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  size?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_LOGS_WINDOW - 1, default: 0, description: 'Page of `size` documents, 0 the newest; (page + 1) × size at most 10,000.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_LOGS_WINDOW - 1)
  page?: number;
}

export class LatencyView {
  @ApiProperty({ description: 'Gateway response time, ms (0 when there is no traffic).' }) p50!: number;
  @ApiProperty() p95!: number;
  @ApiProperty() p99!: number;
}

export class HistogramPoint {
  @ApiProperty({ ...EPOCH_MS, description: 'Bucket start, epoch milliseconds.' }) time!: number;
  @ApiProperty() count!: number;
}

export class ApiCount {
  @ApiProperty() apiId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The name the gateway reported, when it did.' }) apiName!: string | null;
  @ApiProperty() count!: number;
}

export class RequestsAnalyticsView {
  @ApiProperty() total!: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { '200': 120, '404': 3 }, description: 'Request count per HTTP status.' })
  byStatus!: Record<string, number>;

  @ApiProperty({ type: LatencyView }) latency!: LatencyView;
  @ApiProperty({ type: [HistogramPoint] }) histogram!: HistogramPoint[];
  @ApiProperty({ type: [ApiCount], description: 'The busiest APIs over the range (up to 10), most requests first.' }) topApis!: ApiCount[];
}
