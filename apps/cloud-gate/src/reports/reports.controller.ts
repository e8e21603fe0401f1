import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CloudGateConfig } from '@app/config';
import { GatewayIdentity } from '@app/contracts';
import { Gateway, RequiresScope } from '../auth/cloud-token.guard';
import { CloudGateError } from '../cloud-gate.errors';
import { ByteBudget } from '../http/byte-budget';
import { readBody } from '../http/request-body';
import { sendJson } from '../http/send-json';
import { GateMetrics } from '../metrics/gate-metrics.service';
import { RateLimiter } from './rate-limiter.service';
import { parseReportBatch } from './report-batch';
import { ReportsProducer } from './reports.producer';

/** SPEC §5: reports in, Kafka-acknowledged, then 202. */
@Controller('reports')
export class ReportsController {
  /** Report body bytes held by the calls under way. */
  private readonly inFlight: ByteBudget;

  constructor(
    private readonly config: CloudGateConfig,
    private readonly limiter: RateLimiter,
    private readonly producer: ReportsProducer,
    private readonly metrics: GateMetrics,
  ) {
    this.inFlight = new ByteBudget(config.REPORTS_MAX_INFLIGHT_BYTES, (bytes) => metrics.reportsInFlightBytes.set(bytes));
  }

  @Post()
  @HttpCode(202)
  @RequiresScope('reports')
  async ingest(@Req() req: Request & { id?: string }, @Res() res: Response, @Gateway() gw: GatewayIdentity): Promise<void> {
    try {
      await this.limiter.take(gw.tokenId);
    } catch (err) {
      if (err instanceof CloudGateError && err.code === 'RATE_LIMITED') res.setHeader('Retry-After', String(err.details?.retryAfterSeconds ?? 60));
      req.resume();
      throw err;
    }
    // The body, and what is parsed from it, stays in memory until Kafka has answered: bounded across calls.
    const reservation = this.inFlight.reserve();
    try {
      const body = await readBody(req, this.config.REPORTS_MAX_BODY_BYTES, { gunzip: true, reservation });
      const batch = parseReportBatch(body, gw, Date.now());
      if (batch.envelopes.length > 0) await this.producer.send(gw.gatewayId, batch.envelopes);
      this.metrics.reportsAccepted.inc(batch.envelopes.length);
      this.metrics.reportsRejected.inc(batch.rejected.length);
      await sendJson(req, res, 202, { accepted: batch.envelopes.length, rejected: batch.rejected });
    } finally {
      reservation.release();
    }
  }
}
