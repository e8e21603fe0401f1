/**
 * The Cloud Token a gateway presents (SPEC §2): `Authorization: Bearer <token>`, or
 * `Authorization: Basic base64(<any user>:<token>)`, the only form Gravitee's open-source bridge
 * client can send. Either way the token is then verified exactly the same.
 */
export function presentedToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(authorization);
  if (!basic) return undefined;
  const credentials = Buffer.from(basic[1], 'base64').toString('utf8');
  // RFC 7617: the user id holds no colon, so the password (the token) is everything after the first one.
  const colon = credentials.indexOf(':');
  const password = colon >= 0 ? credentials.slice(colon + 1).trim() : '';
  return password === '' || /\s/.test(password) ? undefined : password;
}
