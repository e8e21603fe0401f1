import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ControlPlaneClient } from '../control-plane/control-plane.client';
import { sendJson } from '../http/send-json';

/**
 * The license public key, relayed without a token so a gateway holding only its token and license
 * can check the license over the gate's verified TLS (docs/internal-api.md).
 */
@Controller('license')
export class LicenseController {
  constructor(private readonly controlPlane: ControlPlaneClient) {}

  @Get('public-key')
  async publicKey(@Req() req: Request, @Res() res: Response): Promise<void> {
    const answer = await this.controlPlane.public('/api/v1/license/public-key');
    await sendJson(req, res, answer.status, answer.body, answer.contentType);
  }
}
