import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AnyCloudTokenClaims, CLOUD_TOKEN_ALGORITHM } from '@app/contracts';

/**
 * JWS compact serialization of a Cloud Token (@nestjs/jwt): RS512 only, with the signing key's `kid`
 * in the header so gates pick the right JWKS key. `iat` and `exp` come from the claims as given.
 */
@Injectable()
export class CloudTokenSigner {
  constructor(private readonly jwt: JwtService) {}

  sign(claims: AnyCloudTokenClaims, kid: string, privateKeyPem: string): string {
    return this.jwt.sign(
      { ...claims },
      { algorithm: CLOUD_TOKEN_ALGORITHM, privateKey: privateKeyPem, keyid: kid, header: { alg: CLOUD_TOKEN_ALGORITHM, typ: 'JWT', kid } },
    );
  }
}
