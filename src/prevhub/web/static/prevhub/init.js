// Marks the page as JavaScript-capable (GOV.UK Frontend's convention) without an inline script,
// so the Content Security Policy can forbid inline scripts entirely.
document.body.classList.add("js-enabled", "govuk-frontend-supported");
