import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KeyEncryptionKeySource } from './key-encryption-key';
import { KeyMaterialEntity } from './key-material.entity';
import { KeyMaterialRepository } from './key-material.repository';
import { KeyStoreService } from './key-store.service';
import { KeysController } from './keys.controller';

@Module({
  imports: [TypeOrmModule.forFeature([KeyMaterialEntity])],
  controllers: [KeysController],
  providers: [KeyStoreService, KeyMaterialRepository, KeyEncryptionKeySource],
  exports: [KeyStoreService],
})
export class KeysModule {}
