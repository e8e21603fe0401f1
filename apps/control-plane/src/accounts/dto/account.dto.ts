import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { GEOGRAPHIES, Geography } from '@app/contracts';
import { NameField } from '../../common.dto';

export class CreateAccountDto {
  @ApiProperty({ example: 'Acme' })
  @NameField()
  name!: string;

  @ApiProperty({ enum: GEOGRAPHIES, description: 'Control-plane geography the account is pinned to; selects its Cloud Gate.' })
  @IsIn(GEOGRAPHIES as unknown as string[], { message: `region must be one of ${GEOGRAPHIES.join(', ')}` })
  region!: Geography;
}

export class CreateEnvironmentDto {
  @ApiProperty({ example: 'Production' })
  @NameField()
  name!: string;
}

export class UpdateEnvironmentDto extends PartialType(CreateEnvironmentDto) {}

export class EnvironmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class AccountView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: GEOGRAPHIES }) region!: Geography;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ description: 'Analytics index id (token claim `idx`).' }) analyticsIndexId!: string;
  @ApiProperty({ type: [EnvironmentView] }) environments!: EnvironmentView[];
  @ApiProperty() createdAt!: string;
}
