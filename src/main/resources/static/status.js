// upcase status page: polls the admin API and the Prometheus scrape, computes rates and percentiles here.
// No library and no build step (see index.html). Every request is same-origin and reuses the browser's HTTP Basic
// login; URLs are built on location.origin because a page opened as http://user:pass@host/ must not pass its
// credentials to fetch (which refuses URLs that carry them).
'use strict';

const REFRESH_MS = 2000;
const HISTORY_MS = 5 * 60 * 1000; // sparklines: the last five minutes
const LATENCY_WINDOW_MS = 60 * 1000; // percentiles over the last minute of the histogram
const CLOSED_SHOWN = 10;

const $ = (selector) => document.querySelector(selector);

const view = { sort: 'age', order: 'desc', offset: 0, limit: 25, peer: '' };
const samples = []; // {t, counters: Map(name -> value), buckets: [[le, count]]}, oldest first
let listenerStates = new Map();
let lastSuccess = null;
let polling = false;
let again = false; // a refresh asked for while one runs (a click on sort, say): run it right after

// --- HTTP ------------------------------------------------------------------------------------------------------

class HttpError extends Error {
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}

async function call(path, options = {}) {
	const response = await fetch(new URL(path, location.origin), {
		...options,
		credentials: 'same-origin',
		cache: 'no-store',
		// tells Spring Security not to send WWW-Authenticate on a 401, so that the browser does not pop up its login
		// box every two seconds after a password change: the banner says to reload instead
		headers: { 'X-Requested-With': 'XMLHttpRequest', ...(options.headers || {}) },
	});
	const text = await response.text();
	if (!response.ok) {
		let message = response.status + ' ' + response.statusText;
		try {
			message = JSON.parse(text).error || message;
		}
		catch (ignored) {
			// not JSON: keep the status line
		}
		throw new HttpError(response.status, message);
	}
	return text;
}

const json = async (path, options) => JSON.parse(await call(path, options));

function connectionsQuery() {
	const query = new URLSearchParams({ sort: view.sort, order: view.order, offset: view.offset, limit: view.limit });
	if (view.peer) {
		query.set('peer', view.peer);
	}
	return '/actuator/connections?' + query;
}

// --- Prometheus text ---------------------------------------------------------------------------------------------

const COUNTERS = {
	messagesIn: 'upcase_messages_in_total',
	messagesOut: 'upcase_messages_out_total',
	bytesIn: 'upcase_messages_in_bytes_total',
	bytesOut: 'upcase_messages_out_bytes_total',
	transformErrors: 'upcase_transform_errors_total',
};
const BUCKET = 'upcase_messages_processing_seconds_bucket';
const CLOSED = 'upcase_connections_closed_total';

/** @return {counters, buckets, closedByReason}: each series summed over its other labels */
function parsePrometheus(text) {
	const counters = new Map();
	const buckets = new Map();
	const closedByReason = new Map();
	for (const line of text.split('\n')) {
		if (line === '' || line.startsWith('#')) {
			continue;
		}
		const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
		if (!match) {
			continue;
		}
		const [, name, labels = '', raw] = match;
		const value = Number(raw);
		if (name === BUCKET) {
			const le = /(?:^|,)le="([^"]*)"/.exec(labels);
			if (le) {
				const bound = le[1] === '+Inf' ? Infinity : Number(le[1]);
				buckets.set(bound, (buckets.get(bound) || 0) + value);
			}
		}
		else if (name === CLOSED) {
			const reason = /(?:^|,)reason="([^"]*)"/.exec(labels);
			const key = reason ? reason[1] : '?';
			closedByReason.set(key, (closedByReason.get(key) || 0) + value);
		}
		else {
			counters.set(name, (counters.get(name) || 0) + value);
		}
	}
	return { counters, buckets: [...buckets.entries()].sort((a, b) => a[0] - b[0]), closedByReason };
}

/** histogram_quantile over the bucket increase between two samples, interpolating inside a bucket as Prometheus does */
function quantile(q, older, newer) {
	const olderCounts = new Map(older.buckets);
	const increase = newer.buckets.map(([le, count]) => [le, count - (olderCounts.get(le) || 0)]);
	const total = increase.length ? increase[increase.length - 1][1] : 0;
	if (!(total > 0) || increase.some(([, count]) => count < 0)) {
		return null; // no requests in the window, or the server restarted
	}
	const rank = q * total;
	let lowerBound = 0;
	let lowerCount = 0;
	for (const [le, count] of increase) {
		if (count >= rank) {
			if (le === Infinity) {
				return lowerBound; // above the largest bucket: the largest finite bound, like Prometheus
			}
			return lowerBound + (le - lowerBound) * ((rank - lowerCount) / Math.max(count - lowerCount, 1e-12));
		}
		lowerBound = le;
		lowerCount = count;
	}
	return null;
}

function rate(name, older, newer) {
	const delta = newer.counters.get(name) - older.counters.get(name);
	const seconds = (newer.t - older.t) / 1000;
	return seconds > 0 && delta >= 0 ? delta / seconds : null;
}

// --- formatting --------------------------------------------------------------------------------------------------

function number(value, digits = 0) {
	if (value == null || Number.isNaN(value)) {
		return '—';
	}
	return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function bytes(value) {
	if (value == null) {
		return '—';
	}
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return number(value, unit === 0 ? 0 : 1) + ' ' + units[unit];
}

function duration(seconds) {
	if (seconds == null) {
		return '—';
	}
	const s = Math.floor(seconds);
	if (s < 60) {
		return seconds < 10 ? seconds.toFixed(1) + ' s' : s + ' s';
	}
	if (s < 3600) {
		return Math.floor(s / 60) + 'm ' + String(s % 60).padStart(2, '0') + 's';
	}
	if (s < 86400) {
		return Math.floor(s / 3600) + 'h ' + String(Math.floor(s / 60) % 60).padStart(2, '0') + 'm';
	}
	return Math.floor(s / 86400) + 'd ' + (Math.floor(s / 3600) % 24) + 'h';
}

function latency(seconds) {
	if (seconds == null) {
		return '—';
	}
	if (seconds < 1e-3) {
		return number(seconds * 1e6, 1) + ' µs';
	}
	if (seconds < 1) {
		return number(seconds * 1e3, 2) + ' ms';
	}
	return number(seconds, 2) + ' s';
}

function time(iso) {
	return new Date(iso).toLocaleTimeString('en-GB');
}

/** a table cell; text only (never HTML), so that a peer or detail string cannot inject markup */
function cell(text, className) {
	const td = document.createElement('td');
	td.textContent = text;
	if (className) {
		td.className = className;
	}
	return td;
}

function actionButton(label, accessibleName, onClick, danger = true) {
	const button = document.createElement('button');
	button.type = 'button';
	button.textContent = label;
	button.setAttribute('aria-label', accessibleName);
	if (danger) {
		button.className = 'danger';
	}
	button.addEventListener('click', onClick);
	return button;
}

function emptyRow(tbody, columns, text) {
	const tr = document.createElement('tr');
	const td = cell(text, 'empty');
	td.colSpan = columns;
	tr.append(td);
	tbody.replaceChildren(tr);
}

function announce(text) {
	$('#announce').textContent = text;
}

// --- rendering ---------------------------------------------------------------------------------------------------

const LISTENER_ACTIONS = { accepting: ['pause', 'drain'], paused: ['resume', 'drain'], 'lame-duck': [], draining: [], stopped: [] };

/**
 * Brings a table body to these items, one row per key, reusing the rows already there: a row is created once (with
 * its buttons) and afterwards only its changed cell texts are written, and moved only when out of place. So a
 * keyboard user's focus on a row's button survives the refresh every two seconds.
 */
function renderRows(tbody, items, key, create, cells) {
	const existing = new Map([...tbody.querySelectorAll('tr[data-key]')].map((tr) => [tr.dataset.key, tr]));
	for (const row of tbody.querySelectorAll('tr:not([data-key])')) {
		row.remove(); // the "nothing here" row
	}
	const wanted = new Set();
	items.forEach((item, index) => {
		const id = String(key(item));
		wanted.add(id);
		let tr = existing.get(id);
		if (!tr) {
			tr = create(item);
			tr.dataset.key = id;
		}
		cells(item).forEach((text, column) => {
			if (tr.cells[column].textContent !== text) {
				tr.cells[column].textContent = text;
			}
		});
		if (tbody.rows[index] !== tr) {
			tbody.insertBefore(tr, tbody.rows[index] || null);
		}
	});
	for (const [id, tr] of existing) {
		if (!wanted.has(id)) {
			tr.remove();
		}
	}
}

/** a row of empty cells with these classes, and a last cell for buttons when {@code actions} is given */
function row(classes, actions) {
	const tr = document.createElement('tr');
	tr.append(...classes.map((className) => cell('', className)));
	if (actions) {
		const td = document.createElement('td');
		td.append(...actions);
		tr.append(td);
	}
	return tr;
}

function listenerActions(listener) {
	return (LISTENER_ACTIONS[listener.state] || []).map((action) => actionButton(action[0].toUpperCase() + action.slice(1),
		action + ' listener ' + listener.name, () => confirmListenerAction(listener, action), action !== 'resume'));
}

function renderListeners(listeners) {
	const tbody = $('#listeners tbody');
	if (listeners.length === 0) {
		emptyRow(tbody, 9, 'No listeners');
		return;
	}
	renderRows(tbody, listeners, (listener) => listener.name,
		(listener) => {
			const tr = row(['', 'state', '', '', 'num active', 'num', 'num', ''], []);
			tr.dataset.name = listener.name;
			return tr;
		},
		(listener) => [listener.name, listener.state, listener.boundAddress || '—', listener.framing,
			number(listener.activeConnections), number(listener.acceptedConnections),
			number(listener.rejectedConnections), duration(listener.uptimeSeconds)]);
	for (const listener of listeners) {
		const tr = tbody.querySelector('tr[data-key="' + CSS.escape(listener.name) + '"]');
		if (tr.dataset.state !== listener.state) {
			// the buttons depend on the state: rebuilt only when it changes
			tr.dataset.state = listener.state;
			tr.cells[1].className = 'state state-' + listener.state;
			tr.cells[8].replaceChildren(...listenerActions(listener));
		}
		const before = listenerStates.get(listener.name);
		if (before && before !== listener.state) {
			announce('Listener ' + listener.name + ' is now ' + listener.state);
		}
		listenerStates.set(listener.name, listener.state);
	}
}

function renderConnections(page) {
	const tbody = $('#connections tbody');
	$('#conn-summary').textContent = '(' + page.total + (view.peer ? ' from ' + view.peer : ' open') + ')';
	const first = page.total === 0 ? 0 : page.offset + 1;
	const last = page.offset + page.connections.length;
	const pageInfo = first + '–' + last + ' of ' + page.total;
	if ($('#page-info').textContent !== pageInfo) {
		$('#page-info').textContent = pageInfo; // announced (aria-live) only when it changes
	}
	$('#prev').disabled = page.offset === 0;
	$('#next').disabled = last >= page.total;
	if (page.connections.length === 0 && page.total > 0 && view.offset > 0) {
		// connections closed while on a later page: go to the last page that has some
		view.offset = Math.floor((page.total - 1) / view.limit) * view.limit;
		refresh();
		return;
	}
	if (page.connections.length === 0) {
		emptyRow(tbody, 10, view.peer ? 'No open connection from ' + view.peer : 'No open connections');
		return;
	}
	renderRows(tbody, page.connections, (connection) => connection.id,
		(connection) => {
			const address = peerAddress(connection.peer);
			const tr = row(['', 'peer', 'opt', 'num', 'num', 'num messages', 'num opt', 'num', 'num opt'], [
				actionButton('Close', 'Close connection ' + connection.id + ' from ' + connection.peer,
					() => confirmClose(connection)),
				actionButton('Close peer', 'Close all connections from ' + address, () => confirmClosePeer(address))]);
			tr.dataset.id = connection.id;
			return tr;
		},
		(connection) => [connection.id, connection.peer, connection.endpoint, duration(connection.ageSeconds),
			duration(connection.idleSeconds), number(connection.messagesIn), number(connection.repliesOut),
			bytes(connection.bytesIn) + ' / ' + bytes(connection.bytesOut), bytes(connection.unsentBytes)]);
}

function renderClosed(page, closedByReason) {
	const reasons = [...closedByReason.entries()].filter(([, count]) => count > 0)
		.sort((a, b) => b[1] - a[1]).map(([reason, count]) => reason + ' ' + number(count));
	$('#close-reasons').textContent = reasons.length ? '(since start: ' + reasons.join(', ') + ')' : '';
	const tbody = $('#closed tbody');
	if (page.connections.length === 0) {
		emptyRow(tbody, 7, 'No connection closed yet');
		return;
	}
	renderRows(tbody, page.connections, (closed) => closed.id,
		() => row(['', '', 'reason', '', 'num', 'num', 'num']),
		(closed) => [time(closed.closedAt), closed.peer, closed.reason, closed.detail || '',
			duration(closed.durationSeconds), number(closed.messagesIn),
			bytes(closed.bytesIn) + ' / ' + bytes(closed.bytesOut)]);
}

function sparkline(svg, values) {
	const points = values.filter((v) => v != null);
	const max = Math.max(...points, 1e-9);
	const width = 150;
	const step = values.length > 1 ? width / (HISTORY_MS / REFRESH_MS - 1) : 0;
	const start = width - step * (values.length - 1);
	svg.querySelector('polyline').setAttribute('points', values
		.map((v, i) => v == null ? null : (start + i * step).toFixed(1) + ',' + (29 - (v / max) * 27).toFixed(1))
		.filter((p) => p != null).join(' '));
}

function renderTraffic(newest) {
	const cards = [
		['#rate-messages-in', COUNTERS.messagesIn, (v) => number(v, v < 10 ? 1 : 0)],
		['#rate-messages-out', COUNTERS.messagesOut, (v) => number(v, v < 10 ? 1 : 0)],
		['#rate-bytes-in', COUNTERS.bytesIn, bytes],
		['#rate-bytes-out', COUNTERS.bytesOut, bytes],
	];
	for (const [selector, name, format] of cards) {
		const rates = [];
		for (let i = 1; i < samples.length; i++) {
			rates.push(rate(name, samples[i - 1], samples[i]));
		}
		const card = $(selector);
		const current = rates.length ? rates[rates.length - 1] : null;
		// plain text, not a live region: numbers changing every two seconds would drown a screen reader; changes
		// that matter (listener state, action results, the server gone) are announced instead
		const shown = card.querySelector('.big');
		shown.textContent = current == null ? '—' : format(current);
		shown.dataset.value = current == null ? '' : current;
		sparkline(card.querySelector('svg'), rates);
	}
	const windowStart = samples.find((s) => newest.t - s.t <= LATENCY_WINDOW_MS) || newest;
	const p50 = windowStart === newest ? null : quantile(0.5, windowStart, newest);
	const p99 = windowStart === newest ? null : quantile(0.99, windowStart, newest);
	$('#p50').textContent = latency(p50);
	$('#p99').textContent = latency(p99);
	$('#total-messages').textContent = number(newest.counters.get(COUNTERS.messagesIn));
	$('#transform-errors').textContent = number(newest.counters.get(COUNTERS.transformErrors));
	const minutes = Math.round((newest.t - samples[0].t) / 60000);
	$('#window-label').textContent = minutes >= 1 ? Math.min(minutes, 5) + ' min' : Math.round((newest.t - samples[0].t) / 1000) + ' s';
}

// --- the loop ----------------------------------------------------------------------------------------------------

function showBanner(text) {
	const banner = $('#banner');
	if (banner.textContent !== text) {
		banner.textContent = text;
	}
	banner.hidden = false;
	$('#main').classList.add('stale');
}

function hideBanner() {
	$('#banner').hidden = true;
	$('#banner').textContent = '';
	$('#main').classList.remove('stale');
}

async function refresh() {
	if (polling) {
		again = true;
		return;
	}
	polling = true;
	again = false;
	try {
		const [listeners, open, closed, scrape] = await Promise.all([
			json('/actuator/listeners'),
			json(connectionsQuery()).catch((error) => {
				if (error instanceof HttpError && error.status === 400) {
					$('#filter-error').textContent = error.message;
					return { total: 0, offset: 0, connections: [] };
				}
				throw error;
			}),
			json('/actuator/connections?state=closed&limit=' + CLOSED_SHOWN),
			call('/actuator/prometheus'),
		]);
		const parsed = parsePrometheus(scrape);
		const sample = { t: Date.now(), counters: parsed.counters, buckets: parsed.buckets };
		const previous = samples[samples.length - 1];
		if (previous && Object.values(COUNTERS).some((name) => sample.counters.get(name) < previous.counters.get(name))) {
			samples.length = 0; // counters went down: the server restarted, old deltas mean nothing
		}
		samples.push(sample);
		while (samples.length > 1 && sample.t - samples[0].t > HISTORY_MS) {
			samples.shift();
		}
		renderListeners(listeners.listeners);
		renderConnections(open);
		renderClosed(closed, parsed.closedByReason);
		renderTraffic(sample);
		lastSuccess = new Date();
		$('#updated').textContent = 'Updated ' + lastSuccess.toLocaleTimeString('en-GB') + ' · every ' + REFRESH_MS / 1000 + ' s';
		hideBanner();
	}
	catch (error) {
		const since = lastSuccess ? ' Last update ' + lastSuccess.toLocaleTimeString('en-GB') + '.' : '';
		if (error instanceof HttpError && error.status === 401) {
			showBanner('Not logged in (or the password changed): reload the page to log in.' + since);
		}
		else if (error instanceof HttpError) {
			showBanner('The server answered ' + error.status + ': ' + error.message + '. Retrying every ' + REFRESH_MS / 1000 + ' s.' + since);
		}
		else {
			showBanner('Server unreachable — it may have stopped. Retrying every ' + REFRESH_MS / 1000 + ' s; the numbers below are stale.' + since);
		}
	}
	finally {
		polling = false;
		if (again) {
			refresh();
		}
	}
}

// --- actions -----------------------------------------------------------------------------------------------------

function peerAddress(peer) {
	const colon = peer.lastIndexOf(':');
	return colon > 0 ? peer.slice(0, colon) : peer;
}

/** asks in a modal dialog (Escape or Cancel: no), then runs the action and says what happened */
function confirmThen(question, confirmLabel, action) {
	const dialog = $('#confirm');
	if (dialog.open) {
		return;
	}
	$('#confirm-text').textContent = question;
	$('#confirm-ok').textContent = confirmLabel;
	const opener = document.activeElement;
	dialog.returnValue = '';
	dialog.addEventListener('close', async () => {
		if (opener instanceof HTMLElement && opener.isConnected) {
			opener.focus();
		}
		if (dialog.returnValue !== 'confirm') {
			return;
		}
		try {
			announce(await action());
		}
		catch (error) {
			announce('Failed: ' + error.message);
			showBanner('Action failed: ' + error.message);
		}
		refresh();
	}, { once: true });
	dialog.showModal();
}

function confirmClose(connection) {
	confirmThen('Close connection ' + connection.id + ' from ' + connection.peer + '? The client sees its connection end.',
		'Close connection', async () => {
			await json('/actuator/connections/' + encodeURIComponent(connection.id), { method: 'DELETE' });
			return 'Closed connection ' + connection.id;
		});
}

function confirmClosePeer(address) {
	confirmThen('Close every connection from ' + address + '?', 'Close all from ' + address, async () => {
		const result = await json('/actuator/connections?peer=' + encodeURIComponent(address), { method: 'DELETE' });
		return 'Closed ' + result.closed + ' connection(s) from ' + address;
	});
}

const ACTION_TEXT = {
	pause: 'Pause listener NAME? New clients are refused; open connections keep working; readiness goes DOWN.',
	resume: 'Resume listener NAME? It accepts new clients again.',
	drain: 'Drain listener NAME? It stops accepting and closes each connection once its requests are answered. Resume does not undo a drain.',
};

function confirmListenerAction(listener, action) {
	confirmThen(ACTION_TEXT[action].replace('NAME', listener.name),
		action[0].toUpperCase() + action.slice(1) + ' ' + listener.name, async () => {
			const result = await json('/actuator/listeners/' + encodeURIComponent(listener.name), {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ action }),
			});
			return 'Listener ' + result.name + ' is now ' + result.state;
		});
}

// --- controls ----------------------------------------------------------------------------------------------------

function setSort(key) {
	view.order = view.sort === key && view.order === 'desc' ? 'asc' : 'desc';
	view.sort = key;
	view.offset = 0;
	for (const th of document.querySelectorAll('#connections th[data-sort]')) {
		if (th.dataset.sort === key) {
			th.setAttribute('aria-sort', view.order === 'desc' ? 'descending' : 'ascending');
		}
		else {
			th.removeAttribute('aria-sort');
		}
	}
	refresh();
}

document.addEventListener('DOMContentLoaded', () => {
	for (const th of document.querySelectorAll('#connections th[data-sort]')) {
		th.querySelector('button').addEventListener('click', () => setSort(th.dataset.sort));
	}
	$('#filter').addEventListener('submit', (event) => {
		event.preventDefault();
		view.peer = $('#peer').value.trim();
		view.offset = 0;
		$('#filter-error').textContent = '';
		refresh();
	});
	$('#page-size').addEventListener('change', () => {
		view.limit = Number($('#page-size').value);
		view.offset = 0;
		refresh();
	});
	$('#prev').addEventListener('click', () => {
		view.offset = Math.max(0, view.offset - view.limit);
		refresh();
	});
	$('#next').addEventListener('click', () => {
		view.offset += view.limit;
		refresh();
	});
	refresh();
	setInterval(refresh, REFRESH_MS);
});
