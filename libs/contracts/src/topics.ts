/** Kafka topics shared by the Cloud Gate (producer) and the ingest worker (consumer). */
export function reportsTopic(prefix: string, region: string): string {
  return `${prefix}.reports.${region}`;
}

export function deadLetterTopic(prefix: string): string {
  return `${prefix}.reports.dlq`;
}
