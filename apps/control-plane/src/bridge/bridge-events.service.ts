import { Injectable } from '@nestjs/common';
import { EVENT_GROUP_PROPERTIES } from '@app/contracts';
import type { BridgeEvent, EventGroup, Page } from '@app/contracts';
import { EventEntity } from '../apis/event.entity';
import { EventFilter, EventsRepository, Paging } from '../apis/events.repository';
import { narrow, ResolvedScope } from './bridge-scope.service';
import { EventCriteriaDto, criteriaTime } from './dto/bridge.dto';

@Injectable()
export class BridgeEventsService {
  constructor(private readonly events: EventsRepository) {}

  /** Events matching the criteria, newest first; a page when paging is asked for. */
  async search(scope: ResolvedScope, criteria: EventCriteriaDto, paging?: Paging): Promise<BridgeEvent[] | Page<BridgeEvent>> {
    const filter = filterOf(scope, criteria);
    if (!filter) return paging ? emptyPage(paging) : [];
    if (!paging) return (await this.events.search(filter)).map((e) => toBridgeEvent(e));
    const [rows, total] = await this.events.searchPage(filter, paging);
    return { content: rows.map((e) => toBridgeEvent(e)), pageNumber: paging.page, pageElements: rows.length, totalElements: total };
  }

  /**
   * The latest event per group key (e.g. per API), whatever its type; the criteria then filter those
   * latest events, as Gravitee's `events_latest` does. The event's id is the group key.
   */
  async latest(scope: ResolvedScope, criteria: EventCriteriaDto, group: EventGroup, paging: Paging): Promise<BridgeEvent[]> {
    const key = EVENT_GROUP_PROPERTIES[group];
    const filter = filterOf(scope, criteria);
    if (!filter) return [];
    const rows = await this.events.latestPerProperty(key, filter, paging);
    return rows.map((row) => ({ ...toBridgeEvent(row), id: row.properties[key] }));
  }
}

/** The criteria restricted to the scope's environments and organization; null when nothing can match. */
function filterOf(scope: ResolvedScope, criteria: EventCriteriaDto): EventFilter | null {
  const environmentIds = narrow(scope.environmentIds, criteria.environments ?? undefined);
  if (environmentIds.length === 0) return null;
  if (criteria.organizations?.length && !criteria.organizations.includes(scope.organizationId)) return null;
  return {
    environmentIds,
    organizationId: scope.organizationId,
    types: criteria.types ?? undefined,
    properties: criteria.properties ?? undefined,
    from: criteriaTime(criteria.from),
    to: criteriaTime(criteria.to),
  };
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
