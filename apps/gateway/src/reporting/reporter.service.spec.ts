import { GatewayConfig } from '@app/config';
import { MetricsReport } from '@app/contracts';
import { MetricsService } from '@app/observability';
import { CloudGateClient, CloudGateError } from '../cloud-gate/cloud-gate.client';
import { SyncService } from '../sync/sync.service';
import { ReporterService } from './reporter.service';

const report = (n: number) => ({ type: 'metrics', timestamp: Date.now(), requestId: `r${n}`, apiId: 'a', status: 200 }) as MetricsReport;

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The Cloud Gate adapter swapped for a recorder whose answers the test scripts. */
function setup(batchSize: number, flushMs: number, answers: Array<Error | undefined> = []) {
  const batches: string[][] = [];
  const gate = {
    postReports: async (ndjson: string) => {
      batches.push(ndjson.trim().split('\n').map((l) => (JSON.parse(l) as MetricsReport).requestId));
      const answer = answers.shift();
      if (answer) throw answer;
    },
  } as unknown as CloudGateClient;
  const config = Object.assign(new GatewayConfig(), { GATEWAY_REPORT_BATCH_SIZE: batchSize, GATEWAY_REPORT_FLUSH_MS: flushMs, GATEWAY_REPORT_BUFFER_MAX: 100 });
  const metrics = new MetricsService();
  const sync = { checkNow: () => undefined } as unknown as SyncService;
  const reporter = new ReporterService(config, gate, metrics, sync);
  return { reporter, batches, metrics };
}

describe('ReporterService', () => {
  it('sends a full batch without waiting for the flush interval', async () => {
    const { reporter, batches } = setup(3, 60_000);
    reporter.start();
    [1, 2, 3, 4].forEach((n) => reporter.report(report(n)));
    await until(() => batches.length === 1);
    expect(batches[0]).toEqual(['r1', 'r2', 'r3']);
    await reporter.stop();
    expect(batches[1]).toEqual(['r4']);
  });

  it('sends what is waiting every flush interval', async () => {
    const { reporter, batches } = setup(1000, 50);
    reporter.start();
    reporter.report(report(1));
    await until(() => batches.length === 1);
    expect(batches[0]).toEqual(['r1']);
    await reporter.stop();
  });

  it('retries a batch after a 503 or a network error, then sends it once accepted', async () => {
    const { reporter, batches } = setup(1000, 20, [new CloudGateError('http', 'busy', 503), new CloudGateError('network', 'refused')]);
    reporter.start();
    reporter.report(report(1));
    await until(() => batches.length === 3, 10_000);
    expect(batches).toEqual([['r1'], ['r1'], ['r1']]);
    await reporter.stop();
  });

  it('drops a batch the gate rejects with a 4xx and counts it', async () => {
    const { reporter, batches, metrics } = setup(1000, 20, [new CloudGateError('http', 'bad', 400)]);
    reporter.start();
    reporter.report(report(1));
    await until(() => batches.length === 1);
    reporter.report(report(2));
    await until(() => batches.length === 2);
    expect(batches[1]).toEqual(['r2']);
    expect(await metrics.render()).toMatch(/gateway_reports_dropped_total\{reason="rejected"\} 1/);
    await reporter.stop();
  });
});
