// dist/migu-consent.siblings.js: sibling sites' links, and the incoming handoff, which the loader
// waits for when the URL carries one (runtime/lazy-features.ts, iife.ts).
import { registerChunk } from '../shared/loader-link.js';
import { takeHandoff } from '../runtime/handoff-feature.js';
import { decorateLinks } from '../runtime/handoff-links.js';

registerChunk('siblings', { decorateLinks, takeHandoff });
