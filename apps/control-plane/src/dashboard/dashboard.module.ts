import { Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express from 'express';
import { join } from 'node:path';

/**
 * Where the dashboard's static files live: `apps/control-plane/web` beside `src`, copied next to the
 * compiled code by scripts/build.mjs (with the vendor ES modules under `web/vendor`).
 */
export const DASHBOARD_DIR = join(__dirname, '..', '..', 'web');

/**
 * Serves the dashboard at `/` as static files. Only files that exist are answered; everything else
 * falls through to the API routes (`/api/v1`, `/api/docs`, `/health`, `/metrics`, `/.well-known`,
 * `/internal`), so the dashboard can never shadow them. Navigation is hash-based, so no SPA fallback.
 */
@Module({})
export class DashboardModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<express.Express>();
    app.use(
      express.static(DASHBOARD_DIR, {
        index: 'index.html',
        fallthrough: true,
        dotfiles: 'ignore',
        setHeaders: (res, path) => {
          // The page itself must always be revalidated so a new build is picked up at once.
          if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
        },
      }),
    );
  }
}
