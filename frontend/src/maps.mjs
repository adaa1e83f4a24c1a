// Draws every Find map on the page with Leaflet. The features come from a JSON data block
// (<script type="application/json">) that the server wrote, each already carrying its colour
// and a one-line label, so the legend, the table and the map cannot disagree. A base map is
// drawn only when the server names a tile URL (PREVHUB_MAP_TILE_URL): police networks often
// block tile servers, and the data layers must still work without one. No inline HTML is
// injected (popups are DOM nodes with textContent), so the Content Security Policy holds.
import {
  circleMarker,
  control,
  geoJSON,
  map as leafletMap,
  tileLayer,
} from "leaflet/dist/leaflet-src.esm.js";

const OUTLINE = "#505a5f";

function popup(text) {
  const element = document.createElement("p");
  element.className = "govuk-body-s hub-map__popup";
  element.textContent = text;
  return element;
}

function draw(element) {
  const source = document.getElementById(element.dataset.mapFeatures);
  if (!source) return;
  const data = JSON.parse(source.textContent);
  const map = leafletMap(element, { zoomSnap: 0.5 });
  const url = element.dataset.tileUrl;
  if (url) {
    tileLayer(url, { attribution: element.dataset.tileAttribution || "", maxZoom: 19 }).addTo(map);
  }
  const layer = geoJSON(data, {
    style: (feature) => ({
      color: OUTLINE,
      weight: 0.5,
      fillColor: feature.properties.colour,
      fillOpacity: 0.75,
    }),
    pointToLayer: (feature, latlng) => circleMarker(latlng, { radius: 8 }),
    onEachFeature: (feature, featureLayer) => {
      featureLayer.bindPopup(popup(feature.properties.label));
    },
  }).addTo(map);
  if (layer.getLayers().length > 0) {
    map.fitBounds(layer.getBounds(), { padding: [8, 8] });
  } else {
    map.setView([54.0, -2.0], 6); // Great Britain, when there is nothing to show
  }
  control.scale({ imperial: false }).addTo(map);
  element.dataset.mapDrawn = String(layer.getLayers().length);
}

for (const element of document.querySelectorAll("[data-map-features]")) {
  try {
    draw(element);
  } catch (error) {
    console.warn("map not drawn:", error.message);
  }
}
