// Entry of dist/migu-consent.siblings.js (see chunks.ts): sibling sites' links, and the incoming
// handoff, which the loader waits for when the URL carries one.
import { registerChunk } from './chunk-entry.js';
import { takeHandoff } from './handoff-feature.js';
import { decorateLinks } from './handoff-links.js';

registerChunk('siblings', { decorateLinks, takeHandoff });
