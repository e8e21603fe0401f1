import { StartupRefusal } from './startup-refusal';
import { DecodedLicense, LicenseError, verifyLicense } from '@app/contracts/license3j';

/**
 * Checks the license key (base64 of a License3j binary license) against the control plane's public
 * license key: a malformed, badly signed or expired license stops the gateway with a message saying which.
 */
export function checkLicense(licenseKey: string, publicKeyPem: string, now: Date = new Date()): DecodedLicense {
  const base64 = licenseKey.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    throw new StartupRefusal('GRAVITEE_LICENSE_KEY', 'not a license key (expected the base64 text from the installation details)');
  }
  try {
    return verifyLicense(Buffer.from(base64, 'base64'), publicKeyPem, now);
  } catch (err) {
    if (err instanceof LicenseError) throw new StartupRefusal('GRAVITEE_LICENSE_KEY', err.message);
    throw err;
  }
}
