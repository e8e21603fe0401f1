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

export class InstancePluginView {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({ nullable: true, type: String }) version!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'policy' }) type!: string | null;
}

export class InstanceProbeView {
  @ApiProperty() healthy!: boolean;
  @ApiProperty({ required: false }) message?: string;
}

export class InstanceHealthView {
  @ApiProperty() healthy!: boolean;
  @ApiProperty({ nullable: true, type: String }) evaluatedAt!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object', required: ['healthy'], properties: { healthy: { type: 'boolean' }, message: { type: 'string' } } },
    description: 'Probe results by name',
  })
  probes!: Record<string, InstanceProbeView>;
}

export class InstanceMonitorView {
  @ApiProperty({ nullable: true, type: String }) evaluatedAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) heapUsedPercent!: number | null;
  @ApiProperty({ nullable: true, type: Number }) cpuPercent!: number | null;
  @ApiProperty({ nullable: true, type: Number }) threads!: number | null;
  @ApiProperty({ nullable: true, type: Number }) uptimeMs!: number | null;
  @ApiProperty({ nullable: true, type: Number }) openFileDescriptors!: number | null;
}

/** One gateway node, from its heartbeats and its latest node monitoring (NODE_INFOS, HEALTH_CHECK, MONITOR). */
export class GatewayInstanceView {
  @ApiProperty() nodeId!: string;
  @ApiProperty({ nullable: true, type: String }) hostname!: string | null;
  @ApiProperty({ nullable: true, type: String }) ip!: string | null;
  @ApiProperty({ nullable: true, type: String }) port!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '4.1.0' }) version!: string | null;
  @ApiProperty({ enum: INSTANCE_STATUSES }) status!: InstanceStatus;
  @ApiProperty() lastHeartbeatAt!: string;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'OpenJDK 64-Bit Server VM 17.0.15' }) jvm!: string | null;
  @ApiProperty({ type: [InstancePluginView] }) plugins!: InstancePluginView[];
  @ApiProperty({ nullable: true, type: InstanceHealthView }) health!: InstanceHealthView | null;
  @ApiProperty({ nullable: true, type: InstanceMonitorView }) monitor!: InstanceMonitorView | null;
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
