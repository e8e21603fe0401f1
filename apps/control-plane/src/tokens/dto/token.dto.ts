import { ApiProperty } from '@nestjs/swagger';

/** What a token is for: a hybrid gateway installation's Cloud Token, or an automation token (SPEC §10). */
export const TOKEN_KINDS = ['gateway', 'automation'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

export class TokenView {
  @ApiProperty({ format: 'uuid', description: 'Token id (claim `jti`); revocation is by this id' }) jti!: string;
  @ApiProperty({ enum: TOKEN_KINDS, description: '`gateway`: a hybrid gateway installation; `automation`: an automation token' }) kind!: TokenKind;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The installation the token was issued for (it may have been deleted since)' })
  gatewayId!: string | null;
  @ApiProperty({ description: 'Signing key id (header `kid`)' }) kid!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty() revoked!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Last call a Cloud Gate forwarded with the token (to within ~15 s); null if never used' })
  lastSeenAt!: string | null;
}
