import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import type { BridgeEvent, EventGroup, Page } from '@app/contracts';
import { EventEntity } from '../apis/event.entity';
import { narrow, ResolvedScope } from './bridge-scope.service';
import { EventCriteriaDto } from './dto/bridge.dto';

/** Event property holding the key events are grouped by in `eventsLatest`. */
const GROUP_PROPERTY: Record<EventGroup, string> = {
  API_ID: 'api_id',
  DICTIONARY_ID: 'dictionary_id',
  ORGANIZATION_ID: 'organization_id',
  SHARED_POLICY_GROUP_ID: 'shared_policy_group_id',
};

export interface Paging {
  page: number;
  size: number;
}

@Injectable()
export class BridgeEventsService {
  constructor(@InjectRepository(EventEntity) private readonly events: Repository<EventEntity>) {}

  /** Events matching the criteria, newest first; a page when paging is asked for. */
  async search(scope: ResolvedScope, criteria: EventCriteriaDto, paging?: Paging): Promise<BridgeEvent[] | Page<BridgeEvent>> {
    const query = this.events.createQueryBuilder('e');
    if (!this.scoped(query, 'e', scope, criteria)) return paging ? emptyPage(paging) : [];
    this.filtered(query, 'e', criteria);
    query.orderBy('e.updated_at', 'DESC').addOrderBy('e.id', 'ASC');
    if (!paging) return (await query.getMany()).map((e) => toBridgeEvent(e));
    const [rows, total] = await query.skip(paging.page * paging.size).take(paging.size).getManyAndCount();
    return { content: rows.map((e) => toBridgeEvent(e)), pageNumber: paging.page, pageElements: rows.length, totalElements: total };
  }

  /**
   * The latest event per group key (e.g. per API), whatever its type; the criteria then filter those
   * latest events, as Gravitee's `events_latest` does. The event's id is the group key.
   */
  async latest(scope: ResolvedScope, criteria: EventCriteriaDto, group: EventGroup, paging: Paging): Promise<BridgeEvent[]> {
    const key = GROUP_PROPERTY[group];
    const environments = narrow(scope.environmentIds, criteria.environments);
    if (environments.length === 0) return [];
    if (criteria.organizations?.length && !criteria.organizations.includes(scope.organizationId)) return [];
    const params: unknown[] = [key, environments, scope.organizationId];
    const filters: string[] = [];
    if (criteria.types?.length) filters.push(`l.type = ANY($${params.push(criteria.types)}::text[])`);
    if (criteria.properties && Object.keys(criteria.properties).length > 0) filters.push(`l.properties @> $${params.push(JSON.stringify(criteria.properties))}::jsonb`);
    if (criteria.from) filters.push(`l.updated_at >= $${params.push(new Date(criteria.from))}`);
    if (criteria.to) filters.push(`l.updated_at <= $${params.push(new Date(criteria.to))}`);
    const offset = params.push(paging.page * paging.size);
    const limit = params.push(paging.size);
    const rows: RawEvent[] = await this.events.query(
      `SELECT l.* FROM (
         SELECT DISTINCT ON (e.properties->>$1) e.*
           FROM events e
          WHERE e.properties ? $1 AND e.environments && $2::text[] AND $3 = ANY(e.organizations)
          ORDER BY e.properties->>$1, e.updated_at DESC, e.created_at DESC
       ) l
       ${filters.length ? `WHERE ${filters.join(' AND ')}` : ''}
       ORDER BY l.updated_at DESC, l.properties->>$1
       OFFSET $${offset} LIMIT $${limit}`,
      params,
    );
    return rows.map((row) => ({ ...toBridgeEvent(fromRaw(row)), id: row.properties[key] }));
  }

  /** Restricts to the scope's environments and organization; false when nothing can match. */
  private scoped(query: SelectQueryBuilder<object>, alias: string, scope: ResolvedScope, criteria: EventCriteriaDto): boolean {
    const environments = narrow(scope.environmentIds, criteria.environments);
    if (environments.length === 0) return false;
    if (criteria.organizations?.length && !criteria.organizations.includes(scope.organizationId)) return false;
    query.where(`${alias}.environments && :scopeEnvs::text[]`, { scopeEnvs: environments });
    query.andWhere(`:scopeOrg = ANY(${alias}.organizations)`, { scopeOrg: scope.organizationId });
    return true;
  }

  private filtered(query: SelectQueryBuilder<object>, alias: string, criteria: EventCriteriaDto): void {
    if (criteria.types?.length) query.andWhere(`${alias}.type IN (:...types)`, { types: criteria.types });
    if (criteria.properties && Object.keys(criteria.properties).length > 0) {
      query.andWhere(`${alias}.properties @> :props::jsonb`, { props: JSON.stringify(criteria.properties) });
    }
    if (criteria.from) query.andWhere(`${alias}.updated_at >= :from`, { from: new Date(criteria.from) });
    if (criteria.to) query.andWhere(`${alias}.updated_at <= :to`, { to: new Date(criteria.to) });
  }
}

interface RawEvent {
  id: string;
  type: EventEntity['type'];
  payload: string;
  parent_id: string | null;
  properties: Record<string, string>;
  environments: string[];
  organizations: string[];
  created_at: Date;
  updated_at: Date;
}

function fromRaw(row: RawEvent): EventEntity {
  return Object.assign(new EventEntity(), {
    id: row.id,
    type: row.type,
    payload: row.payload,
    parentId: row.parent_id,
    properties: row.properties,
    environments: row.environments,
    organizations: row.organizations,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  });
}

function emptyPage(paging: Paging): Page<BridgeEvent> {
  return { content: [], pageNumber: paging.page, pageElements: 0, totalElements: 0 };
}

export function toBridgeEvent(e: EventEntity): BridgeEvent {
  return {
    id: e.id,
    type: e.type,
    payload: e.payload,
    parentId: e.parentId,
    properties: e.properties,
    environments: e.environments,
    organizations: e.organizations,
    createdAt: e.createdAt.getTime(),
    updatedAt: e.updatedAt.getTime(),
  };
}
