import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { EVENT_GROUPS, EventGroup, GRAVITEE_EVENT_TYPES, GraviteeEventType } from '@app/contracts';

/*
 * Bodies and queries as Gravitee's bridge client sends them (SPEC §4). Fields we do not read are
 * stripped, explicit nulls are "absent", and criteria numbers that are null, absent, 0 or negative
 * mean "not set" (the client sends -1, and `from: <last sync> - 30000`, which may be negative):
 * `criteriaTime` turns them into "no bound".
 */

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);

/** Epoch milliseconds as far as a Date can go (±8.64e15); anything beyond is a client's mistake. */
const MAX_EPOCH_MS = 8.64e15;
const IsCriteriaTime = (): PropertyDecorator => (target, key) => {
  IsOptional()(target, key);
  IsInt({ message: `${String(key)} must be epoch milliseconds` })(target, key);
  Min(-MAX_EPOCH_MS)(target, key);
  Max(MAX_EPOCH_MS)(target, key);
};

/** A criteria time as a bound: null, absent, 0 or negative is no bound. */
export function criteriaTime(value: number | null | undefined): Date | undefined {
  return typeof value === 'number' && value > 0 ? new Date(value) : undefined;
}

const IsIdList = (): PropertyDecorator => (target, key) => {
  IsOptional()(target, key);
  IsArray()(target, key);
  IsString({ each: true })(target, key);
  MaxLength(256, { each: true })(target, key);
};

/** Gravitee's EventCriteria. */
export class EventCriteriaDto {
  @IsOptional()
  @IsArray()
  @IsIn(GRAVITEE_EVENT_TYPES as unknown as string[], { each: true, message: 'each of types must be a Gravitee event type' })
  types?: GraviteeEventType[] | null;
  @IsOptional() @IsObject() properties?: Record<string, string> | null;
  @IsCriteriaTime() from?: number | null;
  @IsCriteriaTime() to?: number | null;
  @IsIdList() environments?: string[] | null;
  @IsIdList() organizations?: string[] | null;
}

export class PagingQuery {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) page?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) size?: number;
}

export class LatestQuery extends PagingQuery {
  @IsIn(EVENT_GROUPS as unknown as string[], { message: `group must be one of ${EVENT_GROUPS.join(', ')}` })
  group!: EventGroup;
}

/** `?order=ASC&field=updatedAt`, as the client's `Sortable`; an unknown field or order is ignored, as Gravitee's server does. */
export class SortQuery {
  @IsOptional() @IsString() order?: string;
  @IsOptional() @IsString() field?: string;
}

export interface Sort {
  field: 'createdAt' | 'updatedAt';
  order: 'ASC' | 'DESC';
}

export function sortOf(query: SortQuery): Sort | undefined {
  if (query.field !== 'createdAt' && query.field !== 'updatedAt') return undefined;
  return { field: query.field, order: query.order?.toUpperCase() === 'DESC' ? 'DESC' : 'ASC' };
}

/**
 * `events/_createOrPatch` as Gravitee's heartbeat sends it: the first call a whole `GATEWAY_STARTED`
 * event (payload: the node), later ones only `id`, `type` and `properties` with `payload: null`.
 */
export class HeartbeatEventDto {
  @IsString() @MaxLength(256) id!: string;
  @IsIn(['GATEWAY_STARTED', 'GATEWAY_STOPPED'], { message: 'type must be GATEWAY_STARTED or GATEWAY_STOPPED' })
  type!: 'GATEWAY_STARTED' | 'GATEWAY_STOPPED';
  @IsOptional() @IsString() payload?: string | null;
  @IsOptional() @IsString() parentId?: string | null;
  @IsOptional() @IsObject() properties?: Record<string, string> | null;
  @IsOptional() createdAt?: number | string | null;
  @IsOptional() updatedAt?: number | string | null;
}

/** Gravitee's ApiKeyCriteria, plus `environments` (the reference gateway's own narrowing). */
export class ApiKeyCriteriaDto {
  @IsCriteriaTime() from?: number | null;
  @IsCriteriaTime() to?: number | null;
  @IsCriteriaTime() expireAfter?: number | null;
  @IsCriteriaTime() expireBefore?: number | null;
  @IsOptional() @IsBoolean() includeRevoked?: boolean | null;
  @IsOptional() @IsBoolean() includeWithoutExpiration?: boolean | null;
  @IsIdList() subscriptions?: string[] | null;
  @IsIdList() environments?: string[] | null;
}

/** Gravitee's SubscriptionCriteria, plus `environments` (the reference gateway's own narrowing). */
export class SubscriptionCriteriaDto {
  @IsCriteriaTime() from?: number | null;
  @IsCriteriaTime() to?: number | null;
  @IsCriteriaTime() endingAtAfter?: number | null;
  @IsCriteriaTime() endingAtBefore?: number | null;
  @IsOptional() @IsBoolean() includeWithoutEnd?: boolean | null;
  @IsOptional() @IsString() @MaxLength(256) clientId?: string | null;
  @IsIdList() ids?: string[] | null;
  @IsIdList() apis?: string[] | null;
  @IsIdList() excludedApis?: string[] | null;
  @IsIdList() plans?: string[] | null;
  @IsIdList() applications?: string[] | null;
  @IsIdList() statuses?: string[] | null;
  @IsIdList() planSecurityTypes?: string[] | null;
  @IsIdList() environments?: string[] | null;
}

/** `GET apis?excludeDefinition=true` */
export class ApisQuery {
  @IsOptional() @IsString() excludeDefinition?: string;
}

/** `environments/_byOrganizationsAndHrids?organizationsIds=a,b&hrids=x,y` and `organizations/_byHrids?hrids=`: comma lists, empty meaning all. */
export class HridsQuery {
  @IsOptional() @IsString() @MaxLength(8192) organizationsIds?: string;
  @IsOptional() @IsString() @MaxLength(8192) hrids?: string;
}

export function commaList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Node monitoring types Gravitee's node writes (`NODE_INFOS`, `HEALTH_CHECK`, `MONITOR`), and any later one of that form. */
const MONITORING_TYPE = /^[A-Z][A-Z0-9_]{0,63}$/;

/** `GET node/monitoring?nodeId=&type=` */
export class NodeMonitoringQuery {
  @IsString() @MaxLength(256) nodeId!: string;
  @IsString() @Matches(MONITORING_TYPE, { message: 'type must be a monitoring type such as NODE_INFOS' }) type!: string;
}

/** A node monitoring record (`io.gravitee.node.api.Monitoring`); `PUT` may carry `id: null`. */
export class NodeMonitoringDto {
  @IsOptional() @IsString() @MaxLength(256) id?: string | null;
  @IsString() @MaxLength(256) nodeId!: string;
  @IsString() @Matches(MONITORING_TYPE, { message: 'type must be a monitoring type such as NODE_INFOS' }) type!: string;
  @IsString() @MaxLength(1024 * 1024) payload!: string;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_EPOCH_MS) createdAt?: number | null;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_EPOCH_MS) evaluatedAt?: number | null;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_EPOCH_MS) updatedAt?: number | null;
}
