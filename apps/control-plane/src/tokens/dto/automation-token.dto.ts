import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsUUID } from 'class-validator';
import { AUTOMATION_SCOPES } from '@app/contracts';
import { NameField } from '../../common.dto';

export class CreateAutomationTokenDto {
  @ApiProperty({ example: 'terraform-ci', description: 'What the token is for; shown in the token list' })
  @NameField()
  name!: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Environments the token may manage (claim `envs`); default: every environment of the account' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'each environmentId must be an environment id (UUID)' })
  environmentIds?: string[];
}

export class AutomationTokenView {
  @ApiProperty({ format: 'uuid' }) jti!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String], format: 'uuid' }) environmentIds!: string[];
  @ApiProperty({ type: [String], enum: AUTOMATION_SCOPES }) scopes!: string[];
  @ApiProperty() issuedAt!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty() revoked!: boolean;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
}

export class AutomationTokenCreatedView extends AutomationTokenView {
  @ApiProperty({ description: 'The Cloud Token (RS512 JWT). Shown once: it is not stored and cannot be read again' }) cloudToken!: string;
  @ApiProperty({ example: 'https://eu.cloudgate.gravitee.io', description: "The Cloud Gate of the account's region" }) cloudGateUrl!: string;
  @ApiProperty({ example: 'https://eu.cloudgate.gravitee.io/apim/automation', description: 'Base URL of the Automation API (Terraform provider `server_url`)' })
  automationApiUrl!: string;
}
