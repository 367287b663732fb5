import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { Roles } from '../auth/auth.decorators';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CreateUserDto, UpdateUserDto, type UserResponse } from './user.dto';
import { UserService } from './user.service';

/** User administration: admin only. */
@Controller('users')
@Roles('admin')
export class UserController {
  constructor(@Inject(UserService) private readonly service: UserService) {}

  @Get() list(): Promise<UserResponse[]> { return this.service.list(); }

  @Post() create(@Body() dto: CreateUserDto): Promise<UserResponse> { return this.service.create(dto); }

  @Patch(':id') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserResponse> { return this.service.update(id, dto); }

  @Delete(':id') @HttpCode(204) delete(@Param('id', UuidPipe) id: string): Promise<void> { return this.service.delete(id); }
}
