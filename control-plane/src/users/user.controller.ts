import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiAuthErrors, ApiErrors } from '../openapi/api-responses';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CreateUserDto, UpdateUserDto, UserResponseDoc, type UserResponse } from './user.dto';
import { UserService } from './user.service';

/** User administration: admin only. */
@ApiTags('users')
@ApiAuthErrors()
@Controller('users')
@Roles('admin')
export class UserController {
  constructor(@Inject(UserService) private readonly service: UserService) {}

  @ApiOperation({ summary: 'Every user account (never a password hash).' })
  @ApiOkResponse({ type: [UserResponseDoc], description: 'The users.' })
  @Get() list(): Promise<UserResponse[]> { return this.service.list(); }

  @ApiOperation({ summary: 'Creates a user; by default they must change the password at first login.' })
  @ApiCreatedResponse({ type: UserResponseDoc, description: 'Created.' })
  @ApiErrors(400, 409)
  @Post() create(@Body() dto: CreateUserDto): Promise<UserResponse> { return this.service.create(dto); }

  @ApiOperation({ summary: 'Changes a user’s role, disables them, or resets their password.' })
  @ApiOkResponse({ type: UserResponseDoc, description: 'The user as changed.' })
  @ApiErrors(400, 404, 409)
  @Patch(':id') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateUserDto): Promise<UserResponse> { return this.service.update(id, dto); }

  @ApiOperation({ summary: 'Deletes a user (never the last admin).' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(400, 404, 409)
  @Delete(':id') @HttpCode(204) delete(@Param('id', UuidPipe) id: string): Promise<void> { return this.service.delete(id); }
}
