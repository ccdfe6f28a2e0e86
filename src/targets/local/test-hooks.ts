import type { RenderedFile } from '../../stack/render/rendered-file.js';
import type { Role } from '../../stack/topology.js';

/**
 * Test-only fault hooks, switched on by FAULTLINE_TEST_BREAK. They let the
 * integration tests prove that a failed `up` cleans up after itself, with a
 * real failure (a broken nginx config on edge) instead of a mock.
 *
 *   FAULTLINE_TEST_BREAK=edge-config   nginx on edge refuses to start
 */
export function testBreakFiles(): ReadonlyMap<Role, readonly RenderedFile[]> {
  switch (process.env.FAULTLINE_TEST_BREAK) {
    case 'edge-config':
      return new Map([['edge', [{ path: '/etc/nginx/conf.d/zz-test-break.conf', content: 'this is not nginx syntax;\n' }]]]);
    default:
      return new Map();
  }
}
