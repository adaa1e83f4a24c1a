// Starts GOV.UK Frontend components (served locally from the npm package; no CDN).
import { initAll } from "/static/vendor/govuk/govuk-frontend.min.js";

initAll();
