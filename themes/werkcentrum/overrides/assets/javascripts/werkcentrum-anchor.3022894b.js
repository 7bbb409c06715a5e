// Material's inline script after the content (partials/javascripts/content.html) as a file, for the
// Content-Security-Policy: opens the content tab the address points to.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
