/**
 * Query parameters that carry credentials (SPEC §9), recognised by their decoded name whatever its
 * case: `api-key`, `access_token`, `token`, `x-gravitee-api-key`, `client_secret`, `password`, ...
 */
const CREDENTIAL_PARAM = /token|secret|passw|api[-_]?key|credential|^(key|sig|signature|auth|authorization|jwt|session)$/i;

export const REDACTED = '****';

/** A query parameter name as a server reads it: `+` is a space, percent-escapes decoded. */
export function decodeParamName(raw: string): string {
  const spaced = raw.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

export function isCredentialParam(decodedName: string): boolean {
  return CREDENTIAL_PARAM.test(decodedName.trim());
}

/**
 * The request target with the value of every credential query parameter replaced by `****`; the
 * path and the other parameters are left exactly as sent.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const redacted = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return isCredentialParam(decodeParamName(name)) && eq >= 0 ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${redacted}`;
}
