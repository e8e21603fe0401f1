import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * An open database transaction, opaque to domain code: services only pass it from
 * `UnitOfWork.run` to repository methods, which alone know how to use it.
 */
export class Transaction {
  private constructor(private readonly manager: EntityManager) {}

  /** @internal for `UnitOfWork` only. */
  static of(manager: EntityManager): Transaction {
    return new Transaction(manager);
  }

  /** The entity manager a repository runs its statements on: the transaction's, or the default one outside a transaction. */
  static managerOf(tx: Transaction | undefined, outside: EntityManager): EntityManager {
    return tx ? tx.manager : outside;
  }
}

/** Runs work that spans several repositories atomically: all of it commits, or none of it does. */
@Injectable()
export class UnitOfWork {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(Transaction.of(manager)));
  }
}
