import { EnvelopeSerializer, GatewayIdentity, MAX_JSON_DEPTH, jsonTextExceedsDepth, validateReport, valueExceedsDepth } from '@app/contracts';
import { CloudGateError } from '../cloud-gate.errors';

export interface RejectedLine {
  /** 1-based: the NDJSON line number, or the position in a JSON array. */
  line: number;
  error: string;
}

export interface ReportBatch {
  /** One report message value (`encodeReportRecord`) per accepted report, in body order. */
  envelopes: string[];
  rejected: RejectedLine[];
}

/**
 * Splits a `/reports` body (NDJSON or a JSON array) into validated reports stamped with the token's
 * tenancy, serialised as the envelopes the report topic carries. Invalid lines are listed and the
 * valid ones kept; a body with nothing decodable is BODY_INVALID.
 *
 * This runs for every report a gateway sends, so an NDJSON line the contract accepts as it is
 * travels as its own text, on the line after its header, rather than being serialised again.
 */
export function parseReportBatch(body: Buffer, identity: GatewayIdentity, receivedAt: number): ReportBatch {
  const text = body.toString('utf8');
  const items = text.trimStart().startsWith('[') ? arrayItems(text) : ndjsonItems(text);
  if (items.length === 0) throw new CloudGateError('BODY_INVALID', 'the body holds no report');
  const serializer = new EnvelopeSerializer(identity, receivedAt);
  const envelopes: string[] = [];
  const rejected: RejectedLine[] = [];
  let decodable = 0;
  for (const item of items) {
    if (item.error !== undefined) {
      rejected.push({ line: item.line, error: item.error });
      continue;
    }
    decodable += 1;
    const result = validateReport(item.value);
    if (!result.ok) rejected.push({ line: item.line, error: result.error });
    else envelopes.push(serializer.serialize(result.report, item.json !== undefined && !result.normalized ? item.json : undefined));
  }
  if (decodable === 0) throw new CloudGateError('BODY_INVALID', 'the body is neither NDJSON nor a JSON array of reports', { rejected: rejected.slice(0, 10) });
  return { envelopes, rejected };
}

/** A decoded item with, for an NDJSON line, the JSON text it came from; or why it could not be decoded. */
interface Item {
  line: number;
  value?: unknown;
  json?: string;
  error?: string;
}

const TOO_DEEP = `nested deeper than ${MAX_JSON_DEPTH} levels`;

function arrayItems(text: string): Item[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CloudGateError('BODY_INVALID', `the body is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new CloudGateError('BODY_INVALID', 'a JSON body must be an array of reports');
  // The array is one level: a report in it may nest 32 more. Only a body past that pays the walk.
  const deep = jsonTextExceedsDepth(text, MAX_JSON_DEPTH + 1);
  return parsed.map((value, i) => (deep && valueExceedsDepth(value) ? { line: i + 1, error: TOO_DEEP } : { line: i + 1, value }));
}

function ndjsonItems(text: string): Item[] {
  const items: Item[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    // Checked on the text, before anything walks the parsed value recursively (SPEC §9).
    if (jsonTextExceedsDepth(line)) {
      items.push({ line: i + 1, error: TOO_DEEP });
      continue;
    }
    try {
      items.push({ line: i + 1, value: JSON.parse(line), json: line });
    } catch {
      items.push({ line: i + 1, error: 'not valid JSON' });
    }
  }
  return items;
}
