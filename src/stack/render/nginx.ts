import { PATHS, PORTS } from '../topology.js';
import { fqdn } from './hosts.js';
import type { RenderedContent } from './rendered-file.js';
import type { StackInput } from './stack-input.js';

/** JSON access log of the orders site on edge (one object per line). */
export const EDGE_ACCESS_LOG = '/var/log/nginx/orders.access.log';
/** stub_status, answered on loopback only. */
export const EDGE_STATUS_PORT = 8080;

/**
 * The edge's nginx files: the orders site (conf.d, included inside Debian's
 * `http {}`), the TLS certificate and key, and an empty replacement for
 * Debian's `sites-enabled/default` (it also listens on :80 as
 * default_server, which would clash with the redirect server).
 */
export function renderNginxFiles(input: StackInput): RenderedContent[] {
  return [
    { path: PATHS.nginxSite, content: renderNginxSite(input) },
    { path: PATHS.edgeCert, content: input.pki.edgeCertPem },
    { path: PATHS.edgeKey, content: input.pki.edgeKeyPem, mode: 0o600 },
    {
      path: '/etc/nginx/sites-enabled/default',
      content: `# Disabled by faultline: the orders site is ${PATHS.nginxSite}.\n`,
    },
  ];
}

/**
 * The orders site. Upstream servers are the app machine's *address*, not
 * the name `app`: nginx resolves upstream names once, at start, and refuses
 * to start when a name does not resolve, so a name would tie nginx's boot to
 * /etc/hosts and make `nginx -t` fail anywhere `app` is unknown. Faults that
 * misroute traffic edit this upstream block; name-resolution faults target
 * the clients that do resolve per request (Prometheus, loadgen, orders → etcd).
 *
 * Retries: `proxy_next_upstream error timeout` without `non_idempotent`, so
 * a failed GET is retried once on the other instance while a POST never is
 * (a POST may already have been applied).
 */
export function renderNginxSite(input: StackInput): string {
  const app = input.addresses.app;
  const upstreams = PORTS.appInstances.map((port) => `    server ${app}:${port} max_fails=1 fail_timeout=2s;`).join('\n');
  return `# faultline ${input.envName} (${input.envId}): TLS edge for the orders service.
log_format faultline_json escape=json
  '{"time":"$time_iso8601","remote_addr":"$remote_addr","method":"$request_method",'
  '"uri":"$request_uri","status":$status,"body_bytes_sent":$body_bytes_sent,'
  '"request_time":$request_time,"upstream_addr":"$upstream_addr",'
  '"upstream_status":"$upstream_status","upstream_response_time":"$upstream_response_time",'
  '"request_id":"$request_id","user_agent":"$http_user_agent"}';

# app = ${app} (orders@1, orders@2)
upstream orders {
${upstreams}
    keepalive 16;
}

server {
    listen ${PORTS.edgeHttp} default_server;
    listen [::]:${PORTS.edgeHttp} default_server;
    server_name _;
    access_log ${EDGE_ACCESS_LOG} faultline_json;
    return 301 https://$host$request_uri;
}

server {
    listen ${PORTS.edgeHttps} ssl default_server;
    listen [::]:${PORTS.edgeHttps} ssl default_server;
    server_name edge ${fqdn('edge', input)} localhost;

    ssl_certificate ${PATHS.edgeCert};
    ssl_certificate_key ${PATHS.edgeKey};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_session_cache shared:edge_tls:1m;

    access_log ${EDGE_ACCESS_LOG} faultline_json;

    location = /healthz {
        access_log off;
        default_type application/json;
        return 200 '{"status":"ok","service":"edge"}\\n';
    }

    location /api/ {
        proxy_pass http://orders;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Request-Id $request_id;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto https;
        proxy_connect_timeout 2s;
        proxy_read_timeout 10s;
        proxy_next_upstream error timeout;
        proxy_next_upstream_tries 2;
    }

    location / {
        default_type application/json;
        return 404 '{"error":"not found"}\\n';
    }
}

server {
    listen 127.0.0.1:${EDGE_STATUS_PORT};
    access_log off;
    location = /nginx_status {
        stub_status;
    }
}
`;
}
