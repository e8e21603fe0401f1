import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { AccessPointsField, NameField } from '../../common.dto';
import { PLATFORMS, Platform } from '../gateway.entity';
import { GatewayStatus } from '../gateway-status';

export class CreateGatewayDto {
  @ApiProperty({ example: 'edge-eu-1' })
  @NameField()
  name!: string;

  @ApiProperty({ enum: PLATFORMS })
  @IsIn(PLATFORMS as unknown as string[], { message: `platform must be one of ${PLATFORMS.join(', ')}` })
  platform!: Platform;

  @ApiProperty({ format: 'uuid', maxLength: 36 })
  @IsUUID('all', { message: 'environmentId must be an environment id (UUID)' })
  environmentId!: string;

  @AccessPointsField()
  accessPoints!: string[];
}

export class GatewayInstanceView {
  @ApiProperty() nodeId!: string;
  @ApiProperty({ nullable: true, type: String }) hostname!: string | null;
  @ApiProperty({ nullable: true, type: String }) version!: string | null;
  @ApiProperty({ enum: ['connected', 'disconnected', 'stopped'] }) status!: GatewayStatus;
  @ApiProperty() lastHeartbeatAt!: string;
}

export class GatewayView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: PLATFORMS }) platform!: Platform;
  @ApiProperty({ format: 'uuid' }) environmentId!: string;
  @ApiProperty({ type: [String] }) accessPoints!: string[];
  @ApiProperty({ enum: ['connected', 'disconnected', 'stopped'] }) status!: GatewayStatus;
  @ApiProperty({ nullable: true, type: String }) lastHeartbeatAt!: string | null;
  @ApiProperty({ type: [GatewayInstanceView] }) instances!: GatewayInstanceView[];
  @ApiProperty() createdAt!: string;
}

export class InstallInstructions {
  @ApiProperty({ description: '`docker run` command' }) docker!: string;
  @ApiProperty({ description: 'Helm `values.yaml`' }) helm!: string;
  @ApiProperty({ description: 'OpenShift Helm `values.yaml`' }) openshift!: string;
  @ApiProperty({ description: '`gravitee.yml` for Linux/Windows' }) linux!: string;
}

export class InstallationDetailsView {
  @ApiProperty({ description: 'Cloud Token (JWT, RS512)' }) cloudToken!: string;
  @ApiProperty({ description: 'License key: base64 of a License3j binary license' }) licenseKey!: string;
  @ApiProperty({ example: 'https://eu.cloudgate.gravitee.io' }) cloudGateUrl!: string;
  @ApiProperty({ type: InstallInstructions }) install!: InstallInstructions;
}
