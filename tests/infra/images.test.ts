import { describe, expect, it } from 'vitest';
import { renderEtcdStatefulSet } from '../../infra/manifests/etcd.js';
import { renderOrdersDeployment } from '../../infra/manifests/orders.js';
import type { KubeManifest } from '../../infra/manifests/types.js';
import { DEFAULT_IMAGES, IMAGE_SOURCES } from '../../infra/versions.js';
import { renderToolboxPod } from '../../src/targets/pulumi/toolbox.js';
import { awsConfig } from './fixtures.js';

const env = awsConfig().env;
const manifests: KubeManifest[] = [
  renderOrdersDeployment(env, DEFAULT_IMAGES.app),
  renderEtcdStatefulSet(env, DEFAULT_IMAGES.etcd),
  renderToolboxPod('fl-ada-disk') as unknown as KubeManifest,
];

/** Every container image of a manifest (pod specs, directly or in a template). */
function imagesOf(manifest: KubeManifest): string[] {
  const spec = manifest['spec'] as { containers?: { image: string }[]; template?: { spec: { containers: { image: string }[] } } };
  const containers = spec.containers ?? spec.template?.spec.containers ?? [];
  return containers.map((c) => c.image);
}

const images = [...new Set(manifests.flatMap(imagesOf))];

describe('container images', () => {
  it('finds the images of every manifest faultline renders', () => {
    expect(images.length).toBeGreaterThanOrEqual(3);
  });

  it.each(images)('%s is pinned to a versioned tag and comes from a listed, maintained source', (image) => {
    const at = image.lastIndexOf(':');
    const [repo, tag] = [image.slice(0, at), image.slice(at + 1)];
    expect(at, 'has a tag').toBeGreaterThan(0);
    expect(tag).not.toMatch(/^(latest|stable|edge|main|master)$/);
    expect(tag).toMatch(/\d/);
    expect(image).not.toContain('bitnami/');
    const source = IMAGE_SOURCES[repo];
    expect(source, `${repo} is listed in IMAGE_SOURCES`).toBeDefined();
    if (source?.maintainedUntil !== undefined) expect(Date.parse(source.maintainedUntil)).toBeGreaterThan(Date.now());
  });
});
