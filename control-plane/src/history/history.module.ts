import { Global, Module } from '@nestjs/common';
import { HistoryController } from './history.controller';
import { HistoryRepository } from './history.repository';
import { HistoryService } from './history.service';

@Global()
@Module({ controllers: [HistoryController], providers: [HistoryService, HistoryRepository], exports: [HistoryRepository] })
export class HistoryModule {}
