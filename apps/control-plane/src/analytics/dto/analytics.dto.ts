import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_EPOCH_MILLIS, MAX_HISTOGRAM_BUCKETS } from '@app/contracts';

const EPOCH_MS = { type: 'integer', format: 'int64' } as const;

/** A query parameter in epoch milliseconds (SPEC §9): an integer within 0..8.64e15. */
function EpochMillis(description: string, minimum = 0) {
  return applyAll(
    ApiPropertyOptional({ ...EPOCH_MS, minimum, maximum: MAX_EPOCH_MILLIS, description }),
    IsOptional(),
    Type(() => Number),
    IsInt({ message: '$property must be an integer number of milliseconds' }),
    Min(minimum),
    Max(MAX_EPOCH_MILLIS),
  );
}

function applyAll(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

class TimeRangeQuery {
  @EpochMillis('Start, epoch milliseconds, inclusive (default: one hour before `to`).')
  from?: number;

  @EpochMillis('End, epoch milliseconds, exclusive (default: now).')
  to?: number;

  @ApiPropertyOptional({ description: 'Only this API.', maxLength: 256 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  apiId?: string;
}

export class RequestsQueryDto extends TimeRangeQuery {
  @EpochMillis(`Histogram bucket width in milliseconds (default: about 60 buckets over the range; at most ${MAX_HISTOGRAM_BUCKETS} buckets).`, 1000)
  interval?: number;
}

/** Elasticsearch's default `index.max_result_window`: paging reaches the 10,000 newest documents of a range. */
export const MAX_LOGS_WINDOW = 10_000;

export class LogsQueryDto extends TimeRangeQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 50, description: 'How many documents, newest first.' })
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
