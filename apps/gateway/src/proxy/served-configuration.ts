import { Injectable } from '@nestjs/common';
import { BridgeApiKey, BridgeSubscription } from '@app/contracts';
import { GatewayState, emptyState } from '../sync/gateway-state';
import { KeyLookup } from './plan-resolver';
import { Router } from './router';

/** The configuration traffic is served from right now; replaced as a whole after every sync. */
@Injectable()
export class ServedConfiguration implements KeyLookup {
  private current: { router: Router; state: GatewayState } = { router: new Router([]), state: emptyState() };

  replace(state: GatewayState): void {
    this.current = { router: new Router(Object.values(state.apis)), state };
  }

  get router(): Router {
    return this.current.router;
  }

  get apiCount(): number {
    return Object.keys(this.current.state.apis).length;
  }

  key(value: string): BridgeApiKey | undefined {
    return this.current.state.keys[value];
  }

  subscription(id: string): BridgeSubscription | undefined {
    return this.current.state.subscriptions[id];
  }
}
