import { Controller, Get, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ChangeBus } from '../changes/change-bus.service';
import { ControlPlaneError } from '../control-plane.errors';
import { TokensService } from '../tokens/tokens.service';
import { InternalTokenGuard } from './internal-token.guard';

const PING_MS = 15_000;

/** Revocations and the change stream Cloud Gates follow (docs/internal-api.md). */
@ApiExcludeController()
@UseGuards(InternalTokenGuard)
@Controller('internal')
export class InternalController {
  constructor(
    private readonly tokens: TokensService,
    private readonly changes: ChangeBus,
  ) {}

  @Get('revocations')
  async revocations(@Query('since') since?: string): Promise<{ now: number; revoked: Array<{ jti: string; revokedAt: number }> }> {
    if (since !== undefined && !/^\d{1,15}$/.test(since)) throw new ControlPlaneError('INVALID_REQUEST', 'since must be epoch milliseconds');
    // Taken before the query, so a revocation committed meanwhile is seen again next time rather than missed.
    const now = Date.now();
    return { now, revoked: await this.tokens.revokedSince(since === undefined ? undefined : Number(since)) };
  }

  @Get('changes')
  changesStream(@Req() req: Request, @Res() res: Response): void {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(': connected\n\n');
    const subscription = this.changes.changes.subscribe({
      next: (change) => res.write(`event: ${change.event}\ndata: ${JSON.stringify(change.data)}\n\n`),
      complete: () => res.end(),
    });
    const ping = setInterval(() => res.write(': ping\n\n'), PING_MS);
    req.on('close', () => {
      clearInterval(ping);
      subscription.unsubscribe();
    });
  }
}
