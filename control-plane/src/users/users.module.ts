import { Module } from '@nestjs/common';
import { RevocationModule } from '../auth/sessions/revocation.module';
import { UserController } from './user.controller';
import { UserRepository } from './user.repository';
import { UserService } from './user.service';

@Module({
  imports: [RevocationModule],
  controllers: [UserController],
  providers: [UserService, UserRepository],
  exports: [UserRepository],
})
export class UsersModule {}
