import { CloudTokenClaims } from '@app/contracts';
import { DecodedLicense } from '@app/contracts/license3j';

/** Who this gateway instance is: read and checked once at start, before anything is served. */
export class GatewayContext {
  constructor(
    readonly claims: CloudTokenClaims,
    readonly license: DecodedLicense,
    readonly nodeId: string,
    readonly hostname: string,
    readonly version: string,
    readonly startedAt: number,
  ) {}
}
