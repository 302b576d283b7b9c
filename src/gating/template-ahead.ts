/**
 * What Firefox ESR's speculative parser fetches inside a `<template>` before any script runs (measured:
 * img src and srcset, a picture's source srcset, video poster, script src of a JavaScript type, link
 * href, SVG image); frames, embeds, objects, media src and gated forms it leaves alone. The gate warns
 * of such markup; `migu-consent audit` names it (node/audit/engine.mjs imports this from dist/).
 */
export const FETCHED_AHEAD = 'img[src],img[srcset],source[srcset],video[poster],script[src]:not([type="text/plain" i]),link[href],image';
