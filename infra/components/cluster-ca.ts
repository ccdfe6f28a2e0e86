import * as pulumi from '@pulumi/pulumi';
import * as tls from '@pulumi/tls';

/** Lifetime of the cluster CA: far beyond any interview, short enough not to matter if leaked later. */
export const CLUSTER_CA_HOURS = 24 * 90;

/**
 * The k3s server CA, generated before the node exists, so the operator's
 * kubeconfig can verify the API's certificate from the first connection:
 * k3s uses a server-ca.crt/.key it finds in its TLS directory at first start
 * instead of generating one. The key is a secret (it goes to SSM, never into
 * user data); the certificate is public.
 */
export function createClusterCa(name: string, parent: pulumi.Resource) {
  const key = new tls.PrivateKey(`${name}-ca-key`, { algorithm: 'ECDSA', ecdsaCurve: 'P256' }, { parent });
  const cert = new tls.SelfSignedCert(
    `${name}-ca`,
    {
      privateKeyPem: key.privateKeyPem,
      isCaCertificate: true,
      subject: { commonName: 'faultline-k3s-server-ca', organization: 'faultline' },
      validityPeriodHours: CLUSTER_CA_HOURS,
      allowedUses: ['cert_signing', 'crl_signing', 'digital_signature', 'key_encipherment'],
    },
    { parent },
  );
  return { key, cert, certPem: cert.certPem, keyPem: pulumi.secret(key.privateKeyPem) };
}
