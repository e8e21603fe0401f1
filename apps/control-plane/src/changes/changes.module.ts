import { Global, Module } from '@nestjs/common';
import { ChangeBus } from './change-bus.service';
import { ChangeNotificationsRepository } from './change-notifications.repository';

@Global()
@Module({ providers: [ChangeBus, ChangeNotificationsRepository], exports: [ChangeBus] })
export class ChangesModule {}
