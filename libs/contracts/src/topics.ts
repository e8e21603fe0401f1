/** Kafka topics shared by the Cloud Gate (producer) and the ingest worker (consumer). */
export function reportsTopic(prefix: string, region: string): string {
  return `${prefix}.reports.${region}`;
}

export function deadLetterTopic(prefix: string): string {
  return `${prefix}.reports.dlq`;
}

/** Header names carried on every report message. */
export const REPORT_HEADERS = {
  correlationId: 'x-correlation-id',
  schema: 'x-report-schema',
} as const;

export const REPORT_SCHEMA_VERSION = '1';
