export { renderPage } from './render.js';
export { heat } from './errno.js';
export { compact, esc } from './html.js';
