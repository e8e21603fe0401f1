import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { SpecCheck, TokenIdentity, describeProblems, isHrid, nulLocation } from '@app/contracts';
import { CloudGateError } from '../cloud-gate.errors';
import { ControlPlaneAnswer, ControlPlaneClient, HttpMethod, ScopeHeaders } from '../control-plane/control-plane.client';
import { readBody } from '../http/request-body';

/** A declaration is a few kilobytes; SPEC §9 bounds control-plane bodies at 1 MiB. */
export const AUTOMATION_MAX_BODY_BYTES = 1024 * 1024;

/** The fixed words of the resource paths; every other segment is a human-readable id. */
const RESOURCE_WORDS = new Set(['apis', 'subscriptions', 'applications']);

/** Where the call acts, from its path: an organization and an environment, then the resource. */
export interface AutomationTarget {
  orgId: string;
  envId: string;
  /** Path segments under `environments/{envId}`, as decoded from the URL (`['apis', hrid]`). */
  resource: string[];
}

/**
 * The Cloud Gate's half of the Automation API (SPEC §10): the path's organization and environments
 * must be the token's (`403` otherwise), a body must match the contract's schema (`400`), and the call
 * goes to the control plane's `/internal/automation` with the token's tenancy (docs/internal-api.md),
 * whose answer is passed on as it is.
 */
@Injectable()
export class AutomationService {
  constructor(private readonly controlPlane: ControlPlaneClient) {}

  async forward(req: Request, caller: TokenIdentity, target: AutomationTarget, check?: (body: unknown) => SpecCheck<unknown>): Promise<ControlPlaneAnswer> {
    if (target.orgId !== caller.organizationId) {
      throw new CloudGateError('OUT_OF_SCOPE', `this token belongs to organization ${caller.organizationId}, not ${target.orgId}`);
    }
    if (!caller.environmentIds.includes(target.envId)) {
      throw new CloudGateError('OUT_OF_SCOPE', `this token does not cover environment ${target.envId}; it covers ${caller.environmentIds.join(', ')}`);
    }
    const unnamed = target.resource.find((segment) => !RESOURCE_WORDS.has(segment) && !isHrid(segment));
    if (unnamed !== undefined) throw new CloudGateError('NOT_FOUND', `${JSON.stringify(unnamed.slice(0, 64))} is not a human-readable id, so names nothing here`);
    const query = queryOf(req);
    const method = req.method as HttpMethod;
    const body = check ? await this.validBody(req, check) : undefined;
    const path = ['organizations', target.orgId, 'environments', target.envId, ...target.resource].map(encodeURIComponent).join('/');
    return this.controlPlane.internal(method, `/internal/automation/${path}${query}`, scopeHeaders(caller), body);
  }

  private async validBody(req: Request, check: (body: unknown) => SpecCheck<unknown>): Promise<Buffer> {
    const raw = await readBody(req, AUTOMATION_MAX_BODY_BYTES, { gunzip: true });
    let value: unknown;
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new CloudGateError('BODY_INVALID', 'the body is not JSON');
    }
    const nul = nulLocation(value);
    if (nul) throw new CloudGateError('BODY_INVALID', `strings must not hold NUL characters (at ${nul})`);
    const checked = check(value);
    // The detail is in the message: a `details` object would not be the document's `HttpError`.
    if (!checked.ok) throw new CloudGateError('BODY_INVALID', `the body does not match the Automation API schema: ${describeProblems(checked.problems)}`);
    return raw;
  }
}

/** The query parameters the document defines, checked; the control plane only ever sees `dryRun`. */
function queryOf(req: Request): string {
  const params = new URL(req.originalUrl, 'http://gate').searchParams;
  const dryRun = params.getAll('dryRun');
  if (dryRun.length > 1 || (dryRun.length === 1 && dryRun[0] !== 'true' && dryRun[0] !== 'false')) {
    throw new CloudGateError('BODY_INVALID', 'dryRun must be true or false');
  }
  const byUuid = params.getAll('hridContainsUUID');
  if (byUuid.some((v) => v !== 'false')) {
    throw new CloudGateError('UNSUPPORTED', 'hridContainsUUID=true is not supported: resources here are only ever known by hrid');
  }
  return dryRun.length === 1 ? `?dryRun=${dryRun[0]}` : '';
}

/** Tenancy headers from the verified automation token only; there is no gateway installation. */
function scopeHeaders(caller: TokenIdentity): ScopeHeaders {
  return {
    'x-scope-account': caller.accountId,
    'x-scope-org': caller.organizationId,
    'x-scope-envs': caller.environmentIds.join(','),
    'x-scope-token': caller.tokenId,
  };
}
