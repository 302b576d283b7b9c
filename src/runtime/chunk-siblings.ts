// Entry of dist/migu-consent.siblings.js (see chunks.ts): the links half of sibling sites.
import { registerChunk } from './chunk-entry.js';
import { decorateLinks } from './handoff-links.js';

registerChunk('siblings', { decorateLinks });
