// Decap CMS starts itself as soon as it loads; werkcentrum-beheer.js starts it after registering the region
// file format, so this flag is set first (a file of its own: the CSP allows no inline script).
window.CMS_MANUAL_INIT = true;
