import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Bundles page/index.tsx for the browser the way a production frontend build does: minified,
 * NODE_ENV=production, code-split (the overview page is its own lazily loaded chunk).
 */
export async function buildOverviewPage(
  outDir: string,
): Promise<{ files: number; bytes: number }> {
  await build({
    entryPoints: [path.join(__dirname, 'page', 'index.tsx')],
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    jsx: 'automatic',
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: {
      '.svg': 'dataurl',
      '.png': 'dataurl',
      '.woff': 'dataurl',
      '.woff2': 'dataurl',
      '.css': 'empty',
    },
  });
  fs.writeFileSync(
    path.join(outDir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>GitOps</title></head><body><div id="root"></div><script type="module" src="/static/index.js"></script></body></html>',
  );
  const files = fs.readdirSync(outDir);
  return {
    files: files.length,
    bytes: files.reduce(
      (sum, f) => sum + fs.statSync(path.join(outDir, f)).size,
      0,
    ),
  };
}
