// Imported by each chunk's entry (src/*/chunk-*.ts): hands its exports to the loader (see shared/chunks.ts).
import type { ChunkName } from '../shared/chunks.js';
import { logError } from '../shared/log.js';

export function registerChunk(name: ChunkName, exports: unknown): void {
  const register = (globalThis as Record<symbol, ((n: ChunkName, e: unknown) => void) | undefined>)[Symbol.for('migu-consent.chunks')];
  if (register) register(name, exports);
  else logError('api', `migu-consent.${name}.js needs migu-consent.iife.js on the page first`);
}
