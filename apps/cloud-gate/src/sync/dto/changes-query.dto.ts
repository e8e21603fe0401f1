import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ChangesQueryDto {
  /** Epoch ms: only changes after this count; defaults to now (wait for the next one). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  since?: number;

  /** How long to wait, ms; capped by the gate's SYNC_WAIT_MAX_MS. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  timeout?: number;
}
