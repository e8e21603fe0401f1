import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { ApisModule } from '../apis/apis.module';
import { ApplicationsModule } from '../applications/applications.module';
import { InternalTokenGuard } from '../bridge/internal-token.guard';
import { TokensModule } from '../tokens/tokens.module';
import { AutomationApisService } from './automation-apis.service';
import { AutomationApplicationsService } from './automation-applications.service';
import { AutomationContextService } from './automation-context.service';
import { AutomationController } from './automation.controller';
import { AutomationSubscriptionsService } from './automation-subscriptions.service';

/** The Automation API (SPEC §10) as the Cloud Gate forwards it, over the control plane's own APIs, applications and subscriptions. */
@Module({
  imports: [AccountsModule, ApisModule, ApplicationsModule, TokensModule],
  controllers: [AutomationController],
  providers: [AutomationContextService, AutomationApisService, AutomationApplicationsService, AutomationSubscriptionsService, InternalTokenGuard],
})
export class AutomationModule {}
