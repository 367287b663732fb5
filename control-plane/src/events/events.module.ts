import { Global, Module } from '@nestjs/common';
import { EventBus } from './event-bus';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

/** Global, so any module can inject {@link EventBus} and publish. */
@Global()
@Module({ controllers: [EventsController], providers: [EventBus, EventsService], exports: [EventBus] })
export class EventsModule {}
