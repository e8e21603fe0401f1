import { ApiProperty } from '@nestjs/swagger';
import { TOKEN_KINDS, TokenKind } from '../issued-token.entity';

export class TokenView {
  @ApiProperty({ format: 'uuid', description: 'Token id (claim `jti`); revocation is by this id' }) jti!: string;
  @ApiProperty({ enum: TOKEN_KINDS, description: '`gateway`: a hybrid gateway installation; `automation`: an automation token' }) kind!: TokenKind;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The installation the token was issued for (it may have been deleted since)' })
  gatewayId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The name of an `automation` token' }) name!: string | null;
  @ApiProperty({ type: [String], format: 'uuid', description: 'The environments the token names (claim `envs`)' }) environmentIds!: string[];
  @ApiProperty({ description: 'Signing key id (header `kid`)' }) kid!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty() revoked!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Last call a Cloud Gate forwarded with the token (to within ~15 s); null if never used' })
  lastSeenAt!: string | null;
}
