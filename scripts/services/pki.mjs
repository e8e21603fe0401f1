// The project's private CA and the Cloud Gate's certificate, created once and kept (gateways trust the CA).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { PrerequisiteError, ensureDir, paths, say, which } from './common.mjs';

export const pki = {
  caCert: join(paths.pki, 'ca.crt'),
  caKey: join(paths.pki, 'ca.key'),
  gateCert: join(paths.pki, 'cloud-gate.crt'),
  gateKey: join(paths.pki, 'cloud-gate.key'),
};

const SAN = 'DNS:localhost,DNS:eu.cloudgate.local,DNS:us.cloudgate.local,DNS:cloud-gate-eu,DNS:cloud-gate-us,IP:127.0.0.1,IP:::1';

function openssl(args) {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
}

export function ensurePki() {
  if (existsSync(pki.caCert) && existsSync(pki.gateCert) && existsSync(pki.gateKey)) return pki;
  if (!which('openssl')) throw new PrerequisiteError('openssl is needed once to create the local CA for the Cloud Gates.', 'apt-get install -y openssl');
  ensureDir(paths.pki, 0o755);
  if (!existsSync(pki.caCert)) {
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '3650', '-subj', '/CN=hybrid-cp local CA', '-keyout', pki.caKey, '-out', pki.caCert,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  }
  say('pki', `local certificate authority and Cloud Gate certificate in ${paths.pki}`);
  const csr = join(paths.pki, 'cloud-gate.csr');
  const ext = join(paths.pki, 'cloud-gate.ext');
  spawnSync('sh', ['-c', `printf 'subjectAltName=${SAN}\\nextendedKeyUsage=serverAuth\\nkeyUsage=critical,digitalSignature,keyEncipherment\\n' > '${ext}'`]);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-subj', '/CN=cloud-gate', '-keyout', pki.gateKey, '-out', csr]);
  openssl(['x509', '-req', '-in', csr, '-CA', pki.caCert, '-CAkey', pki.caKey, '-CAcreateserial', '-days', '825', '-sha256', '-extfile', ext, '-out', pki.gateCert]);
  spawnSync('chmod', ['644', pki.gateKey]);
  return pki;
}
