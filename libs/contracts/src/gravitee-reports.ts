/**
 * Reports exactly as Gravitee's 4.x gateway writes them (its file reporter's JSON lines, SPEC §5), read
 * into the report contract: a line without `type` is `metrics` (or `monitor` when it is a node monitor
 * line: `nodeId` and `jvm`, no `requestId`), and the `-1` Gravitee writes for a length or time it does not
 * know means "unknown", so the field is left out. Fields we do not name (`enabled`, `apiType`,
 * `clientIdentifier`, `localAddress`, `requestEnded`, ...) are kept as they are.
 */
const UNKNOWN_AS_MINUS_ONE = ['requestContentLength', 'responseContentLength', 'gatewayResponseTimeMs', 'endpointResponseTimeMs', 'gatewayLatencyMs'] as const;

/** The report as the contract reads it, or `undefined` when it already is in the contract's terms. */
export function fromGraviteeReport(value: Record<string, unknown>): Record<string, unknown> | undefined {
  let adapted: Record<string, unknown> | undefined;
  const edit = () => (adapted ??= { ...value });
  if (value.type === undefined || value.type === null) {
    const monitor = value.requestId === undefined && typeof value.nodeId === 'string' && typeof value.jvm === 'object';
    edit().type = monitor ? 'monitor' : 'metrics';
  }
  if ((adapted ?? value).type === 'metrics') {
    for (const field of UNKNOWN_AS_MINUS_ONE) if (value[field] === -1) delete edit()[field];
  }
  return adapted;
}
