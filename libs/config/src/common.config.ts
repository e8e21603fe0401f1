import { ListSetting, OneOfSetting, StringSetting } from './decorators';

export const REGIONS = ['eu', 'us'] as const;
export type Region = (typeof REGIONS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Settings every service reads. */
export class CommonConfig {
  @OneOfSetting(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** `json` lines (one object a line, for collectors) or `pretty`, human-readable lines (local use). */
  @OneOfSetting(['json', 'pretty'])
  LOG_FORMAT: 'json' | 'pretty' = 'json';
}

export class KafkaSettings extends CommonConfig {
  @ListSetting(/^[^\s:,]+:\d+$/, '127.0.0.1:9092')
  KAFKA_BROKERS: string[] = ['127.0.0.1:9092'];

  @StringSetting()
  KAFKA_CLIENT_ID = 'hybrid-cp';

  /** Topic prefix; report topics are `<prefix>.reports.<region>`. */
  @StringSetting()
  KAFKA_TOPIC_PREFIX = 'gravitee';
}

