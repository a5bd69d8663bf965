/* The organisation picker (fazhi/orgs/picker.py): enhances every <input data-org-picker> into an ARIA combobox that
   asks GET data-url?q=… (the API's organisation search: name, short name, code, pinyin initials; own district
   first) as the person types, and writes the chosen organisation back as "name（code）", which the form resolves.
   data-org-picker="many": several organisations in one box, separated by 、 (the choice replaces the last part).
   Without this script the box is a plain text input and the form resolves what was typed. No inline script. */
(function () {
  "use strict";
  var counter = 0;
  var SEPARATOR = /[\n,，、;；]+/;

  function lastPart(value) {
    var parts = value.split(SEPARATOR);
    return parts[parts.length - 1].trim();
  }

  function enhance(input) {
    if (input.dataset.orgPickerReady) return;
    input.dataset.orgPickerReady = "1";
    var many = input.dataset.orgPicker === "many";
    var id = "org-picker-" + ++counter;
    var list = document.createElement("ul");
    list.id = id;
    list.className = "org-picker-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var status = document.createElement("span");
    status.className = "org-picker-status";
    status.setAttribute("role", "status");
    var wrapper = document.createElement("span");
    wrapper.className = "org-picker";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    wrapper.appendChild(list);
    wrapper.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);

    var hits = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      for (var i = 0; i < options.length; i++) options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      }
    }

    function choose(index) {
      var hit = hits[index];
      if (!hit) return;
      if (many) {
        var parts = input.value.split(SEPARATOR).map(function (p) { return p.trim(); }).filter(Boolean);
        parts.pop();
        parts.push(hit.label);
        input.value = parts.join("、") + "、";
      } else {
        input.value = hit.label;
      }
      close();
      status.textContent = hit.name;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      input.focus();
    }

    function render() {
      list.textContent = "";
      hits.forEach(function (hit, index) {
        var item = document.createElement("li");
        item.id = id + "-" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.dataset.code = hit.code;
        var name = document.createElement("span");
        name.className = "org-picker-name";
        name.textContent = hit.name;
        item.appendChild(name);
        var where = [hit.short_name !== hit.name ? hit.short_name : "", hit.parent_name, hit.code]
          .filter(Boolean).join(" · ");
        var detail = document.createElement("small");
        detail.textContent = where;
        item.appendChild(detail);
        if (hit.own_district) item.classList.add("own-district");
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box
          choose(index);
        });
        list.appendChild(item);
      });
      if (!hits.length) {
        var none = document.createElement("li");
        none.className = "org-picker-none";
        none.textContent = input.dataset.none || "—";
        list.appendChild(none);
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = hits.length ? (input.dataset.found || "%d").replace("%d", hits.length) : input.dataset.none || "";
      active = -1;
    }

    function ask() {
      var q = many ? lastPart(input.value) : input.value.trim();
      if (!q || /（[^）]*）$/.test(q)) { close(); return; }
      var mine = ++asked;
      var url = input.dataset.url + "?q=" + encodeURIComponent(q.slice(0, 50));
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (data) {
          if (mine !== asked) return; // an answer to an older question
          hits = Array.isArray(data) ? data : [];
          render();
        })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) {
        if (event.key === "ArrowDown") { ask(); event.preventDefault(); }
        return;
      }
      if (event.key === "ArrowDown") {
        highlight(Math.min(active + 1, hits.length - 1));
        event.preventDefault();
      } else if (event.key === "ArrowUp") {
        highlight(Math.max(active - 1, 0));
        event.preventDefault();
      } else if (event.key === "Enter") {
        if (active >= 0) { choose(active); event.preventDefault(); }
        else if (hits.length === 1) { choose(0); event.preventDefault(); }
      } else if (event.key === "Escape") {
        close();
        event.preventDefault();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function enhanceAll(root) {
    var inputs = (root || document).querySelectorAll("input[data-org-picker]");
    for (var i = 0; i < inputs.length; i++) enhance(inputs[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { enhanceAll(); });
  else enhanceAll();
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();
