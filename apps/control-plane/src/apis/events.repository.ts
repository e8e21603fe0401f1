import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, SelectQueryBuilder } from 'typeorm';
import { Transaction } from '../database/unit-of-work';
import { EventEntity } from './event.entity';

/** Which events a read may return: always narrowed to some environments of one organization. */
export interface EventFilter {
  /** Non-empty: events shared with at least one of these environments. */
  environmentIds: string[];
  organizationId: string;
  /** Any of these types (Gravitee's; those never written match nothing). */
  types?: string[];
  /** Events whose properties contain all of these. */
  properties?: Record<string, string>;
  from?: Date;
  to?: Date;
}

export interface Paging {
  page: number;
  size: number;
}

/** Bridge events (SPEC §4) in PostgreSQL: appended, never changed; "latest per key" is computed when read. */
@Injectable()
export class EventsRepository {
  constructor(@InjectRepository(EventEntity) private readonly events: Repository<EventEntity>) {}

  async append(tx: Transaction, event: EventEntity): Promise<void> {
    await Transaction.managerOf(tx, this.events.manager).getRepository(EventEntity).insert(event);
  }

  /** How many events were ever written for the API (inside the transaction, so it counts its own writes). */
  countForApi(tx: Transaction, apiId: string): Promise<number> {
    return Transaction.managerOf(tx, this.events.manager)
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .where(`e.properties->>'api_id' = :id`, { id: apiId })
      .getCount();
  }

  /** Matching events, newest first. */
  search(filter: EventFilter): Promise<EventEntity[]> {
    return this.matching(filter).getMany();
  }

  /** One page of `search`, with the number of matching events. */
  searchPage(filter: EventFilter, paging: Paging): Promise<[EventEntity[], number]> {
    return this.matching(filter).skip(paging.page * paging.size).take(paging.size).getManyAndCount();
  }

  /**
   * The latest event per value of a property (e.g. per `api_id`), whatever its type, among the events
   * of the filter's environments and organization; the other criteria then filter those latest events,
   * as Gravitee's `events_latest` does.
   */
  async latestPerProperty(property: string, filter: EventFilter, paging: Paging): Promise<EventEntity[]> {
    const params: unknown[] = [property, filter.environmentIds, filter.organizationId];
    const filters: string[] = [];
    if (filter.types?.length) filters.push(`l.type = ANY($${params.push(filter.types)}::text[])`);
    if (filter.properties && Object.keys(filter.properties).length > 0) filters.push(`l.properties @> $${params.push(JSON.stringify(filter.properties))}::jsonb`);
    if (filter.from) filters.push(`l.updated_at >= $${params.push(filter.from)}`);
    if (filter.to) filters.push(`l.updated_at <= $${params.push(filter.to)}`);
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
    return rows.map(fromRaw);
  }

  private matching(filter: EventFilter): SelectQueryBuilder<EventEntity> {
    const query = this.events
      .createQueryBuilder('e')
      .where(`e.environments && :scopeEnvs::text[]`, { scopeEnvs: filter.environmentIds })
      .andWhere(`:scopeOrg = ANY(e.organizations)`, { scopeOrg: filter.organizationId });
    if (filter.types?.length) query.andWhere(`e.type IN (:...types)`, { types: filter.types });
    if (filter.properties && Object.keys(filter.properties).length > 0) {
      query.andWhere(`e.properties @> :props::jsonb`, { props: JSON.stringify(filter.properties) });
    }
    if (filter.from) query.andWhere(`e.updated_at >= :from`, { from: filter.from });
    if (filter.to) query.andWhere(`e.updated_at <= :to`, { to: filter.to });
    return query.orderBy('e.updated_at', 'DESC').addOrderBy('e.id', 'ASC');
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
