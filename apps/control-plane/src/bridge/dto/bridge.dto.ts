import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Min } from 'class-validator';
import { EVENT_GROUPS, EVENT_TYPES, EventGroup, EventType } from '@app/contracts';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);

/** Gravitee's EventCriteria; fields this control plane does not use are stripped, not refused. */
export class EventCriteriaDto {
  @IsOptional() @IsArray() @IsIn(EVENT_TYPES as unknown as string[], { each: true }) types?: EventType[];
  @IsOptional() @IsObject() properties?: Record<string, string>;
  @IsOptional() @IsInt() @Min(0) from?: number;
  @IsOptional() @IsInt() @Min(0) to?: number;
  @IsOptional() @IsArray() @IsString({ each: true }) environments?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) organizations?: string[];
}

export class PagingQuery {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) page?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) size?: number;
}

export class LatestQuery extends PagingQuery {
  @IsIn(EVENT_GROUPS as unknown as string[], { message: `group must be one of ${EVENT_GROUPS.join(', ')}` })
  group!: EventGroup;
}

export class HeartbeatEventDto {
  @IsString() id!: string;
  @IsIn(['GATEWAY_STARTED', 'GATEWAY_STOPPED'], { message: 'type must be GATEWAY_STARTED or GATEWAY_STOPPED' })
  type!: 'GATEWAY_STARTED' | 'GATEWAY_STOPPED';
  @IsOptional() @IsString() payload?: string;
  @IsOptional() @IsString() parentId?: string | null;
  @IsOptional() @IsObject() properties?: Record<string, string>;
  @IsOptional() createdAt?: number | string;
  @IsOptional() updatedAt?: number | string;
}

export class ApiKeyCriteriaDto {
  @IsOptional() @IsInt() @Min(0) from?: number;
  @IsOptional() @IsInt() @Min(0) to?: number;
  @IsOptional() @IsArray() @IsString({ each: true }) environments?: string[];
  @IsOptional() @IsBoolean() includeRevoked?: boolean;
}

export class SubscriptionCriteriaDto {
  @IsOptional() @IsInt() @Min(0) from?: number;
  @IsOptional() @IsInt() @Min(0) to?: number;
  @IsOptional() @IsArray() @IsString({ each: true }) environments?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) apis?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) plans?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) statuses?: string[];
}
