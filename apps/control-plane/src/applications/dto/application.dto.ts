import { ApiProperty } from '@nestjs/swagger';

export class ApplicationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Human-readable id when declared through the Automation API (SPEC §10)' }) hrid!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ format: 'uuid' }) environmentId!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
