import { KafkaSettings, REGIONS } from './common.config';
import { IntSetting, ListSetting, PortSetting, StringSetting, UrlSetting } from './decorators';

export class IngestWorkerConfig extends KafkaSettings {
  @PortSetting()
  PORT = 8095;

  @UrlSetting(['http', 'https'])
  ELASTICSEARCH_URL = 'http://127.0.0.1:9200';

  /** Regions whose report topics this worker consumes. */
  @ListSetting(new RegExp(`^(${REGIONS.join('|')})$`), 'eu,us')
  INGEST_REGIONS: string[] = [...REGIONS];

  /**
   * Bytes fetched per partition in one fetch (a fetch takes at most eight times this). 1 MiB is
   * about one bulk request of metrics reports per partition, and a fetch of all partitions about the
   * queue of decoded slices, which the pipeline writes while the next fetch is under way. kafkajs
   * decodes a whole fetch at once and keeps it until every slice of it is queued: with 4 MiB the
   * worker spent more CPU in nine paired bench runs out of nine (0.4-7 µs a document more, 2.7 on
   * average, over its whole run) and took more page faults, for no more throughput.
   */
  @IntSetting(64 * 1024, 256 * 1024 * 1024)
  INGEST_FETCH_MAX_BYTES_PER_PARTITION = 1024 * 1024;

  @StringSetting()
  INGEST_CONSUMER_GROUP = 'hybrid-cp-ingest';

  /** Most documents in one Elasticsearch bulk request. */
  @IntSetting(1, 100_000)
  INGEST_BATCH_MAX_DOCS = 2000;

  /** Longest the broker holds a fetch to fill a batch before handing over what it has. */
  @IntSetting(1, 60_000)
  INGEST_BATCH_MAX_WAIT_MS = 500;

  /** Partitions whose batches are written to Elasticsearch at the same time. */
  @IntSetting(1, 64)
  INGEST_CONCURRENCY = 3;

  /** Partitions of report topics the worker creates when they are missing (existing topics are left alone). */
  @IntSetting(1, 1000)
  INGEST_TOPIC_PARTITIONS = 6;

  /** Ceiling of the backoff between retries while Elasticsearch (or the dead-letter topic) refuses. */
  @IntSetting(100, 120_000)
  INGEST_RETRY_MAX_BACKOFF_MS = 5000;
}
