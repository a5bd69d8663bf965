/* The 12345 form's place pickers: the street list follows the chosen district, and "use my location" fills in the
   coordinates from the browser (navigator.geolocation) and picks the district they lie in (/hotline/locate/).
   Without JavaScript the form works as is: every street is listed with its district, coordinates are typed. */
(function () {
  "use strict";

  function pickers(district, street) {
    function filter() {
      var chosen = district.value;
      Array.prototype.forEach.call(street.options, function (option) {
        var show = !option.value || !chosen || option.getAttribute("data-district") === chosen;
        option.hidden = !show;
        option.disabled = !show;
      });
      var selected = street.options[street.selectedIndex];
      if (selected && selected.disabled) street.value = "";
    }
    district.addEventListener("change", filter);
    street.addEventListener("change", function () {
      var option = street.options[street.selectedIndex];
      var parent = option && option.getAttribute("data-district");
      if (parent && district.value !== parent) {
        district.value = parent;
        filter();
      }
    });
    filter();
    return filter;
  }

  function init() {
    var district = document.getElementById("id_district");
    var street = document.getElementById("id_street");
    var lat = document.getElementById("id_lat");
    var long = document.getElementById("id_long");
    var filter = district && street ? pickers(district, street) : null;
    var box = document.getElementById("locate-me");
    if (!box || !lat || !long || !navigator.geolocation) return;
    var button = document.getElementById("locate-button");
    var status = document.getElementById("locate-status");
    box.hidden = false;
    function say(text) {
      status.textContent = text || "";
    }
    button.addEventListener("click", function () {
      say(box.getAttribute("data-locating"));
      navigator.geolocation.getCurrentPosition(
        function (position) {
          lat.value = position.coords.latitude.toFixed(6);
          long.value = position.coords.longitude.toFixed(6);
          var url = box.getAttribute("data-url") + "?lat=" + encodeURIComponent(lat.value) +
            "&long=" + encodeURIComponent(long.value);
          fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
            .then(function (response) {
              if (!response.ok) throw new Error(String(response.status));
              return response.json();
            })
            .then(function (place) {
              if (!place.district) {
                say(box.getAttribute("data-outside"));
                return;
              }
              if (district) {
                district.value = String(place.district.id);
                if (filter) filter();
              }
              if (street && place.street) street.value = String(place.street.id);
              var name = place.district.name + (place.street ? " " + place.street.name : "");
              say(box.getAttribute("data-found").replace("%(place)s", name));
            })
            .catch(function () {
              say(box.getAttribute("data-failed"));
            });
        },
        function () {
          say(box.getAttribute("data-denied"));
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
