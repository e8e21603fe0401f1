import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { NameField } from '../../common.dto';
import { PLATFORMS, Platform } from '../gateway.entity';
import { TokenView } from '../../tokens/dto/token.dto';
import { GATEWAY_STATUSES, GatewayStatus, INSTANCE_STATUSES, InstanceStatus } from '../gateway-status';

/** A host name, optionally with a port (what a load balancer or ingress publishes). */
const HOST = /^(?=.{1,253}(:\d{1,5})?$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;

export class CreateGatewayDto {
  @ApiProperty({ example: 'edge-eu-1' })
  @NameField()
  name!: string;

  @ApiProperty({ enum: PLATFORMS })
  @IsIn(PLATFORMS as unknown as string[], { message: `platform must be one of ${PLATFORMS.join(', ')}` })
  platform!: Platform;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'environmentId must be an environment id (UUID)' })
  environmentId!: string;

  @ApiProperty({ type: [String], example: ['apis.acme.example'], description: 'Hosts the gateway is reachable through' })
  @Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v)) : value))
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(HOST, { each: true, message: 'each access point must be a host name such as apis.example.com' })
  accessPoints!: string[];
}

/** Rename, or change the hosts the gateway is published on; the environment stays (its tokens name it). */
export class UpdateGatewayDto extends PartialType(PickType(CreateGatewayDto, ['name', 'accessPoints'] as const)) {}

export class InstallationDetailsDto {
  @ApiPropertyOptional({ default: false, description: "Rotation: revoke the installation's earlier tokens once the new one is issued" })
  @IsOptional()
  @IsBoolean({ message: 'revokePrevious must be true or false' })
  revokePrevious?: boolean;
}

export class GatewayInstanceView {
  @ApiProperty() nodeId!: string;
  @ApiProperty({ nullable: true, type: String }) hostname!: string | null;
  @ApiProperty({ nullable: true, type: String }) version!: string | null;
  @ApiProperty({ enum: INSTANCE_STATUSES }) status!: InstanceStatus;
  @ApiProperty() lastHeartbeatAt!: string;
}

export class GatewayView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: PLATFORMS }) platform!: Platform;
  @ApiProperty({ format: 'uuid' }) environmentId!: string;
  @ApiProperty({ type: [String] }) accessPoints!: string[];
  @ApiProperty({
    enum: GATEWAY_STATUSES,
    description:
      '`pending` until the first heartbeat; `connected` while heartbeats arrive; `disconnected` after they stop; `stopped` after GATEWAY_STOPPED; `revoked` when the token it runs with (or every token it has) was revoked',
  })
  status!: GatewayStatus;
  @ApiProperty({ nullable: true, type: String }) lastHeartbeatAt!: string | null;
  @ApiProperty({ type: [GatewayInstanceView] }) instances!: GatewayInstanceView[];
  @ApiProperty() createdAt!: string;
}

export class GatewayDetailView extends GatewayView {
  @ApiProperty({ type: [TokenView], description: "The installation's Cloud Tokens, newest first" }) tokens!: TokenView[];
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
