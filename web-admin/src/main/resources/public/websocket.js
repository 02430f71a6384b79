// WebSocket client page: an MQTT client in the browser (mqtt.js) for trying the broker by hand.
(function () {
  'use strict';
  var client = null;
  var $ = function (id) { return document.getElementById(id); };
  var status = $('ws-status');
  var MAX_ROWS = 200;

  function setStatus(state, text) {
    status.textContent = text;
    status.setAttribute('data-state', state);
    status.className = 'badge ' + ({ connected: 'status-active', connecting: 'status-pending', error: 'status-failed' }[state] || 'status-disabled');
    var connected = state === 'connected';
    $('ws-connect').disabled = connected || state === 'connecting';
    $('ws-disconnect').disabled = !(connected || state === 'connecting');
    $('pub-send').disabled = !connected;
    $('sub-add').disabled = !connected;
  }

  function decode(payload) {
    try { return new TextDecoder('utf-8', { fatal: true }).decode(payload); }
    catch (e) { return Array.prototype.map.call(payload, function (b) { return ('0' + b.toString(16)).slice(-2); }).join(' '); }
  }

  function addRow(direction, topic, qos, retain, payload) {
    var body = $('messages-body');
    var empty = body.querySelector('.empty-row');
    if (empty) empty.remove();
    var tr = document.createElement('tr');
    tr.setAttribute('data-direction', direction);
    tr.setAttribute('data-topic', topic);
    [new Date().toLocaleTimeString(), direction, topic, String(qos), retain ? 'yes' : 'no', payload].forEach(function (text, i) {
      var td = document.createElement('td');
      if (i === 5) { var code = document.createElement('code'); code.textContent = text; td.appendChild(code); }
      else td.textContent = text;
      tr.appendChild(td);
    });
    body.insertBefore(tr, body.firstChild);
    while (body.rows.length > MAX_ROWS) body.deleteRow(body.rows.length - 1);
  }

  $('ws-connect-form').addEventListener('submit', function (e) {
    e.preventDefault();
    if (client) { client.end(true); client = null; }
    var options = {
      protocolVersion: Number($('ws-protocol').value),
      clientId: $('ws-client-id').value || undefined,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 10000
    };
    if ($('ws-username').value) options.username = $('ws-username').value;
    if ($('ws-password').value) options.password = $('ws-password').value;
    setStatus('connecting', 'Connecting…');
    var c = mqtt.connect($('ws-url').value.trim(), options);
    client = c;
    c.on('connect', function () { if (client === c) setStatus('connected', 'Connected'); });
    c.on('message', function (topic, payload, packet) { addRow('received', topic, packet.qos, packet.retain, decode(payload)); });
    c.on('error', function (err) { if (client === c) setStatus('error', 'Error: ' + (err && err.message ? err.message : err)); });
    c.on('close', function () {
      if (client === c && status.getAttribute('data-state') !== 'error') setStatus('disconnected', 'Disconnected');
    });
  });

  $('ws-disconnect').addEventListener('click', function () {
    if (client) { var c = client; client = null; c.end(true); }
    $('subscriptions').innerHTML = '';
    setStatus('disconnected', 'Disconnected');
  });

  $('ws-publish-form').addEventListener('submit', function (e) {
    e.preventDefault();
    if (!client) return;
    var topic = $('pub-topic').value.trim();
    var qos = Number($('pub-qos').value);
    var retain = $('pub-retain').checked;
    var payload = $('pub-payload').value;
    $('pub-result').textContent = 'Publishing…';
    client.publish(topic, payload, { qos: qos, retain: retain }, function (err) {
      if (err) { $('pub-result').textContent = 'Not published: ' + err.message; return; }
      $('pub-result').textContent = 'Published to ' + topic + ' (QoS ' + qos + ')';
      addRow('sent', topic, qos, retain, payload);
    });
  });

  $('ws-subscribe-form').addEventListener('submit', function (e) {
    e.preventDefault();
    if (!client) return;
    var filter = $('sub-topic').value.trim();
    var qos = Number($('sub-qos').value);
    client.subscribe(filter, { qos: qos }, function (err, granted) {
      if (err) { $('pub-result').textContent = 'Subscribe failed: ' + err.message; return; }
      var li = document.createElement('li');
      li.setAttribute('data-filter', filter);
      var code = document.createElement('code');
      code.textContent = filter;
      li.appendChild(code);
      li.appendChild(document.createTextNode(' QoS ' + (granted && granted[0] ? granted[0].qos : qos) + ' '));
      var remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'secondary outline small';
      remove.textContent = 'Unsubscribe';
      remove.setAttribute('aria-label', 'Unsubscribe from ' + filter);
      remove.addEventListener('click', function () { if (client) client.unsubscribe(filter); li.remove(); });
      li.appendChild(remove);
      $('subscriptions').appendChild(li);
    });
  });

  $('messages-clear').addEventListener('click', function () {
    $('messages-body').innerHTML = '<tr class="empty-row"><td colspan="6" class="empty">No messages yet.</td></tr>';
  });

  setStatus('disconnected', 'Disconnected');
})();
