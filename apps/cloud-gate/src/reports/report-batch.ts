import { GatewayIdentity, ReportEnvelope, ReportTenant, buildEnvelope, validateReport } from '@app/contracts';
import { CloudGateError } from '../cloud-gate.errors';

export interface RejectedLine {
  /** 1-based: the NDJSON line number, or the position in a JSON array. */
  line: number;
  error: string;
}

export interface ReportBatch {
  envelopes: ReportEnvelope[];
  rejected: RejectedLine[];
}

/**
 * Splits a `/reports` body (NDJSON or a JSON array) into validated reports stamped with the token's
 * tenancy. Invalid lines are listed and the valid ones kept; a body with nothing decodable is BODY_INVALID.
 */
export function parseReportBatch(body: Buffer, identity: GatewayIdentity, receivedAt: number): ReportBatch {
  const text = body.toString('utf8');
  const items = text.trimStart().startsWith('[') ? arrayItems(text) : ndjsonItems(text);
  if (items.length === 0) throw new CloudGateError('BODY_INVALID', 'the body holds no report');
  const tenant: ReportTenant = {
    accountId: identity.accountId,
    organizationId: identity.organizationId,
    analyticsIndexId: identity.analyticsIndexId,
    gatewayId: identity.gatewayId,
  };
  const envelopes: ReportEnvelope[] = [];
  const rejected: RejectedLine[] = [];
  let decodable = 0;
  for (const item of items) {
    if ('error' in item) {
      rejected.push({ line: item.line, error: item.error });
      continue;
    }
    decodable += 1;
    const result = validateReport(item.value);
    if (result.ok) envelopes.push(buildEnvelope(tenant, result.report, receivedAt));
    else rejected.push({ line: item.line, error: result.error });
  }
  if (decodable === 0) throw new CloudGateError('BODY_INVALID', 'the body is neither NDJSON nor a JSON array of reports', { rejected: rejected.slice(0, 10) });
  return { envelopes, rejected };
}

type Item = { line: number; value: unknown } | { line: number; error: string };

function arrayItems(text: string): Item[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CloudGateError('BODY_INVALID', `the body is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new CloudGateError('BODY_INVALID', 'a JSON body must be an array of reports');
  return parsed.map((value, i) => ({ line: i + 1, value }));
}

function ndjsonItems(text: string): Item[] {
  const items: Item[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    try {
      items.push({ line: i + 1, value: JSON.parse(line) });
    } catch {
      items.push({ line: i + 1, error: 'not valid JSON' });
    }
  }
  return items;
}
