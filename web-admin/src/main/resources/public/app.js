// Tributary admin: the little behaviour the server-rendered pages need.
// Generic on purpose: nothing here knows any plugin; forms come from the plugin's JSON Schema.
(function () {
  'use strict';

  // Repeatable rows (string lists, key/value maps, topic filters, metadata):
  // a [data-rows] list, a <template> with one empty row, [data-add-row] and [data-remove-row] buttons.
  document.addEventListener('click', function (e) {
    var add = e.target.closest('[data-add-row]');
    if (add) {
      var widget = add.closest('fieldset, .rows-widget');
      var template = widget.querySelector('template');
      var rows = widget.querySelector('[data-rows]');
      var row = template.content.firstElementChild.cloneNode(true);
      rows.appendChild(row);
      var first = row.querySelector('input');
      if (first) first.focus();
      return;
    }
    var remove = e.target.closest('[data-remove-row]');
    if (remove) {
      var r = remove.closest('.row');
      var widgetOf = r.closest('fieldset, .rows-widget');
      r.remove();
      var addButton = widgetOf && widgetOf.querySelector('[data-add-row]');
      if (addButton) addButton.focus(); // keep keyboard focus in the widget
    }
  });

  // Live x-visible-when: a field shows while the field it depends on has one of some values.
  function currentValue(form, name) {
    var inputs = form.querySelectorAll('[name="' + CSS.escape(name) + '"]');
    var value = '';
    inputs.forEach(function (input) {
      if (input.type === 'checkbox') { if (input.checked) value = input.value; }
      else if (input.type === 'radio') { if (input.checked) value = input.value; }
      else value = input.value;
    });
    return value;
  }

  function applyVisibility(root) {
    root.querySelectorAll('[data-visible-when-field]').forEach(function (field) {
      var form = field.closest('form') || document;
      var values;
      try { values = JSON.parse(field.getAttribute('data-visible-when-values') || '[]'); } catch (err) { values = []; }
      var show = values.indexOf(currentValue(form, field.getAttribute('data-visible-when-field'))) >= 0;
      field.hidden = !show;
    });
  }

  document.addEventListener('change', function (e) {
    if (e.target.name) applyVisibility(document);
    if (e.target.matches('[data-autosubmit]')) e.target.form.submit();
  });
  document.addEventListener('input', function (e) {
    if (e.target.name && e.target.name.indexOf('cfg.') === 0) applyVisibility(document);
  });

  // Map rows: the value of a key that matches the schema's x-secret-keys is typed like a password.
  function isSecretKey(globs, key) {
    var k = key.toLowerCase();
    return globs.some(function (glob) {
      var parts = glob.toLowerCase().split('*').map(function (p) { return p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); });
      return new RegExp('^' + parts.join('.*') + '$').test(k);
    });
  }
  document.addEventListener('input', function (e) {
    if (!e.target.name || !/\.key$/.test(e.target.name)) return;
    var widget = e.target.closest('[data-secret-keys]');
    var value = e.target.closest('.row').querySelector('input[name$=".value"]');
    if (!widget || !value) return;
    var globs;
    try { globs = JSON.parse(widget.getAttribute('data-secret-keys')); } catch (err) { globs = []; }
    value.type = isSecretKey(globs, e.target.value) ? 'password' : 'text';
  });

  // After htmx swaps error slots out of band: mark the inputs they describe.
  function markInvalid() {
    document.querySelectorAll('.field-error[id]').forEach(function (slot) {
      var invalid = slot.textContent.trim().length > 0;
      document.querySelectorAll('[aria-describedby~="' + slot.id + '"]').forEach(function (input) {
        if (invalid) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
      });
    });
  }
  document.addEventListener('htmx:afterSettle', markInvalid);

  // Plain forms that need a confirmation: data-confirm on the form, or on the button that submits it.
  document.addEventListener('submit', function (e) {
    var message = (e.submitter && e.submitter.getAttribute('data-confirm'))
      || (e.target.getAttribute && e.target.getAttribute('data-confirm'));
    if (message && !window.confirm(message)) e.preventDefault();
  });

  // A header checkbox [data-select-all=<name>] checks or clears every checkbox of that name in its form.
  document.addEventListener('change', function (e) {
    var name = e.target.getAttribute && e.target.getAttribute('data-select-all');
    if (!name) return;
    var scope = e.target.closest('form') || document;
    scope.querySelectorAll('input[type=checkbox][name="' + CSS.escape(name) + '"]').forEach(function (box) {
      box.checked = e.target.checked;
    });
  });

  document.addEventListener('DOMContentLoaded', function () {
    applyVisibility(document);
    // Show the first field with an error.
    var firstInvalid = document.querySelector('main [aria-invalid="true"]');
    if (firstInvalid) {
      var advanced = firstInvalid.closest('details');
      if (advanced) advanced.open = true;
      firstInvalid.focus();
    }
  });
})();
