import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AccountsService } from '../accounts/accounts.service';
import { SubscriptionsRepository } from '../apis/subscriptions.repository';
import { ChangeBus } from '../changes/change-bus.service';
import { ControlPlaneError } from '../control-plane.errors';
import { isUniqueViolation } from '../database/postgres-errors';
import { UnitOfWork } from '../database/unit-of-work';
import { ApplicationEntity } from './application.entity';
import { ApplicationsRepository } from './applications.repository';
import { ApplicationView } from './dto/application.dto';

/** The desired state of an application declared by human-readable id (the Automation API, SPEC §10). */
export interface DeclaredApplication {
  hrid: string;
  name: string;
  description: string;
  declaration: object;
}

/** Applications: the consumers that subscribe to API plans. */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly applications: ApplicationsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly accounts: AccountsService,
    private readonly unitOfWork: UnitOfWork,
    private readonly changes: ChangeBus,
  ) {}

  async list(accountId: string, environmentId: string): Promise<ApplicationView[]> {
    await this.accounts.requireEnvironment(accountId, environmentId);
    return (await this.applications.listInEnvironment(accountId, environmentId)).map(toView);
  }

  findByHrid(accountId: string, environmentId: string, hrid: string): Promise<ApplicationEntity | null> {
    return this.applications.findByHrid(accountId, environmentId, hrid);
  }

  /** The environment's applications among these ids, by id. */
  async byIds(environmentId: string, ids: string[]): Promise<Map<string, ApplicationEntity>> {
    return new Map((await this.applications.findByIds(environmentId, ids)).map((a) => [a.id, a]));
  }

  /** Creates the application declared with this hrid, or updates it to match. */
  async declare(accountId: string, environmentId: string, declared: DeclaredApplication): Promise<ApplicationEntity> {
    await this.accounts.requireEnvironment(accountId, environmentId);
    try {
      return await this.unitOfWork.run(async (tx) => {
        const current = await this.applications.findByHrid(accountId, environmentId, declared.hrid, tx);
        const application = current ?? Object.assign(new ApplicationEntity(), { id: randomUUID(), accountId, environmentId, hrid: declared.hrid });
        Object.assign(application, { name: declared.name, description: declared.description, declaration: declared.declaration });
        if (current) await this.applications.save(tx, application);
        else await this.applications.insert(tx, application);
        return application;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ControlPlaneError('CONFLICT', `application ${declared.hrid} was just created concurrently; try again`);
      throw err;
    }
  }

  /** Deletes the application; its subscriptions are closed and their keys revoked first. */
  async removeByHrid(accountId: string, environmentId: string, hrid: string): Promise<void> {
    const closed = await this.unitOfWork.run(async (tx) => {
      const application = await this.applications.findByHrid(accountId, environmentId, hrid, tx);
      if (!application) throw new ControlPlaneError('NOT_FOUND', `no application with hrid ${hrid} in environment ${environmentId}`);
      const open = await this.subscriptions.openOfApplication(tx, application.id);
      await this.subscriptions.closeMany(tx, open.map((s) => s.id), new Date());
      await this.applications.delete(tx, application.id);
      return open.length;
    });
    if (closed > 0) await this.changes.environmentsChanged([environmentId]);
  }
}

function toView(a: ApplicationEntity): ApplicationView {
  return {
    id: a.id,
    hrid: a.hrid,
    name: a.name,
    description: a.description,
    environmentId: a.environmentId,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}
