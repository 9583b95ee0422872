// Progressive enhancement (places): div[data-map] draws the places listed beside it on a
// Leaflet map; div[data-map-picker] fills a form's latitude and longitude fields when the map
// is clicked; div[data-geocode] searches an address through the site's own endpoint. Without
// JavaScript the list of places and the coordinate fields do the same work.
(function () {
  "use strict";
  if (!window.L) { return; }
  var L = window.L;
  var imagePath = document.querySelector("script[src*='vendor/leaflet/leaflet.js']");
  if (imagePath) {
    L.Icon.Default.imagePath = imagePath.src.replace(/leaflet\.js.*$/, "images/");
  }
  var WORLD = [[-60, -170], [75, 170]];

  function baseMap(el) {
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false });
    L.tileLayer(el.dataset.tiles, {
      attribution: el.dataset.attribution || "",
      maxZoom: 19
    }).addTo(map);
    return map;
  }

  function number(value) {
    var n = parseFloat(String(value || "").replace(",", "."));
    return isFinite(n) ? n : null;
  }

  document.querySelectorAll("div[data-map]").forEach(function (el) {
    var points = [];
    try { points = JSON.parse(el.dataset.points || "[]"); } catch (e) { points = []; }
    var map = baseMap(el);
    var bounds = [];
    points.forEach(function (p) {
      var marker = L.marker([p.lat, p.lon], { title: p.title, alt: p.title }).addTo(map);
      var label;
      if (p.url) {
        label = document.createElement("a");
        label.href = p.url;
      } else {
        label = document.createElement("span");
      }
      label.textContent = p.title;
      marker.bindPopup(label);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length) {
      map.fitBounds(bounds, { maxZoom: 16, padding: [24, 24] });
    } else {
      map.fitBounds(WORLD);
    }
  });

  document.querySelectorAll("div[data-map-picker]").forEach(function (el) {
    var lat = document.getElementById(el.dataset.latInput);
    var lon = document.getElementById(el.dataset.lonInput);
    if (!lat || !lon) { return; }
    var map = baseMap(el);
    var help = el.parentNode.querySelector("[data-map-help]");
    if (help) { help.hidden = false; }
    var marker = null;

    function show(latitude, longitude, zoom) {
      if (marker) {
        marker.setLatLng([latitude, longitude]);
      } else {
        marker = L.marker([latitude, longitude], { keyboard: false }).addTo(map);
      }
      if (zoom) { map.setView([latitude, longitude], zoom); }
    }

    function fromFields(zoom) {
      var a = number(lat.value);
      var b = number(lon.value);
      if (a !== null && b !== null && a >= -90 && a <= 90 && b >= -180 && b <= 180) {
        show(a, b, zoom);
        return true;
      }
      return false;
    }

    el.setPickedPlace = function (latitude, longitude) {
      lat.value = latitude.toFixed(6);
      lon.value = longitude.toFixed(6);
      show(latitude, longitude, 16);
    };

    if (!fromFields(16)) {
      var center = el.dataset.center ? JSON.parse(el.dataset.center) : null;
      if (center) { map.setView(center, 13); } else { map.fitBounds(WORLD); }
    }
    map.on("click", function (event) {
      var point = event.latlng.wrap();
      lat.value = point.lat.toFixed(6);
      lon.value = point.lng.toFixed(6);
      show(point.lat, point.lng, 0);
    });
    lat.addEventListener("change", function () { fromFields(0); });
    lon.addEventListener("change", function () { fromFields(0); });
  });

  document.querySelectorAll("div[data-geocode]").forEach(function (box) {
    var address = document.getElementById(box.dataset.addressInput);
    var button = box.querySelector("[data-geocode-button]");
    var status = box.querySelector("[data-geocode-status]");
    var list = box.querySelector("[data-geocode-results]");
    var fallback = box.parentNode.querySelector("[data-geocode-fallback]");
    var picker = box.parentNode.querySelector("div[data-map-picker]");
    if (!address || !button) { return; }
    box.hidden = false;
    if (fallback) { fallback.hidden = true; }

    function pick(result) {
      if (picker && picker.setPickedPlace) {
        picker.setPickedPlace(result.lat, result.lon);
      } else {
        document.getElementById(box.dataset.latInput).value = result.lat.toFixed(6);
        document.getElementById(box.dataset.lonInput).value = result.lon.toFixed(6);
      }
      status.textContent = result.label;
      list.textContent = "";
    }

    button.addEventListener("click", function () {
      var query = address.value.trim();
      list.textContent = "";
      if (!query) { address.focus(); return; }
      status.textContent = "…";
      var url = box.dataset.geocode + "?format=json&q=" + encodeURIComponent(query);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          status.textContent = data.error || "";
          (data.results || []).forEach(function (result) {
            var item = document.createElement("li");
            var choose = document.createElement("button");
            choose.type = "button";
            choose.className = "button-link";
            choose.textContent = result.label;
            choose.addEventListener("click", function () { pick(result); });
            item.appendChild(choose);
            list.appendChild(item);
          });
        })
        .catch(function () { status.textContent = box.dataset.failed || ""; });
    });
  });
}());
