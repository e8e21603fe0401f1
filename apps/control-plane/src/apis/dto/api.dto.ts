import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsUUID, IsUrl, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { NameField } from '../../common.dto';
import { PLAN_SECURITY, PlanSecurity } from '../api.entity';
import { normalizeContextPath } from '../api-definition';

/** A context path gateways can route on: `/` followed by URL path characters. */
export const CONTEXT_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]+$/;
export const CONTEXT_PATH_MAX_LENGTH = 512;

export class RateLimitDto {
  @ApiProperty({ example: 100, description: 'Requests allowed per period, per subscription (api-key plans) or client address (key-less)' })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  limit!: number;

  @ApiProperty({ example: 60, description: 'Length of the fixed window, seconds' })
  @IsInt()
  @Min(1)
  @Max(86_400 * 31)
  periodSeconds!: number;
}

export class PlanInputDto {
  @ApiProperty({ example: 'Free' })
  @NameField()
  name!: string;

  @ApiProperty({ enum: PLAN_SECURITY })
  @IsIn(PLAN_SECURITY as unknown as string[], { message: `security must be one of ${PLAN_SECURITY.join(', ')}` })
  security!: PlanSecurity;

  @ApiPropertyOptional({ type: RateLimitDto, description: 'Written as a rate-limit policy in the plan flow; gateways count in their rate-limit repository (Redis)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RateLimitDto)
  rateLimit?: RateLimitDto;
}

export class CreateApiDto {
  @ApiProperty({ example: 'Echo' })
  @NameField()
  name!: string;

  @ApiProperty({ example: '/echo', maxLength: 512, description: 'Context path gateways serve the API on; unique per environment' })
  @Transform(({ value }) => (typeof value === 'string' ? normalizeContextPath(value) : value))
  @MaxLength(CONTEXT_PATH_MAX_LENGTH)
  @Matches(CONTEXT_PATH, { message: 'contextPath must start with / and be a URL path such as /echo' })
  contextPath!: string;

  @ApiProperty({ example: 'https://api.gravitee.io/echo', maxLength: 2048, format: 'uri', description: 'Backend the gateway proxies to' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'target must be an http(s) URL' })
  @MaxLength(2048)
  target!: string;

  @ApiPropertyOptional({ type: [PlanInputDto], minItems: 1, maxItems: 20, description: 'Defaults to one key-less plan' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PlanInputDto)
  plans?: PlanInputDto[];
}

export class PlanUpdateDto extends PlanInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An existing plan of the API, kept with its subscriptions; absent for a new plan' })
  @IsOptional()
  @IsUUID('all', { message: 'id must be the id (UUID) of one of the API plans' })
  id?: string;
}

/**
 * Every field optional; `plans`, when given, is the whole new list: plans named by `id` are kept (with
 * their subscriptions), plans without one are added, plans left out are removed. A plan's `rateLimit`
 * left out means none.
 */
export class UpdateApiDto extends PartialType(OmitType(CreateApiDto, ['plans'] as const)) {
  @ApiPropertyOptional({ type: [PlanUpdateDto], description: 'The whole new list of plans' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PlanUpdateDto)
  plans?: PlanUpdateDto[];
}

export class PlanView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ description: 'Human-readable id of a plan declared through the Automation API' }) hrid?: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: PLAN_SECURITY }) security!: PlanSecurity;
  @ApiPropertyOptional({ type: RateLimitDto }) rateLimit?: RateLimitDto;
}

export class ApiView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Human-readable id when the API is declared through the Automation API (SPEC §10)' })
  hrid!: string | null;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) environmentId!: string;
  @ApiProperty() contextPath!: string;
  @ApiProperty() target!: string;
  @ApiProperty({ type: [PlanView] }) plans!: PlanView[];
  @ApiProperty({ enum: ['STARTED', 'STOPPED'] }) lifecycleState!: 'STARTED' | 'STOPPED';
  @ApiProperty() deployed!: boolean;
  @ApiProperty({ nullable: true, type: String }) deployedAt!: string | null;
  @ApiProperty({ description: 'Edited since the last deploy: gateways get the change at the next deploy' }) undeployedChanges!: boolean;
  @ApiProperty({ description: 'The stored v4 definition' }) definition!: object;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class SubscriptionCreatedView {
  @ApiProperty({ format: 'uuid' }) subscriptionId!: string;
  @ApiProperty({ description: 'The API key to send in the X-Gravitee-Api-Key header' }) apiKey!: string;
}

export const SUBSCRIPTION_STATUSES = ['ACCEPTED', 'PAUSED', 'CLOSED'] as const;

export class SubscriptionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) planId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null when the plan was removed since' }) planName!: string | null;
  @ApiProperty({ enum: SUBSCRIPTION_STATUSES }) status!: (typeof SUBSCRIPTION_STATUSES)[number];
  @ApiProperty({ type: String, nullable: true, description: 'The API key gateways accept for the subscription (X-Gravitee-Api-Key)' }) apiKey!: string | null;
  @ApiProperty({ description: 'Gateways refuse the key' }) apiKeyRevoked!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}
