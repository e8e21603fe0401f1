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

  @StringSetting()
  INGEST_CONSUMER_GROUP = 'hybrid-cp-ingest';

  @IntSetting(1, 100_000)
  INGEST_BATCH_MAX_DOCS = 2000;

  @IntSetting(1, 60_000)
  INGEST_BATCH_MAX_WAIT_MS = 500;
}
