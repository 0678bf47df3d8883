/* The attribution chain's order, by dragging a row or with its arrows; the
   hidden positions follow the rows' order when the form is sent. A new
   hop takes where it was said and whether on the record from the quote
   when the editor starts filling it in. */
'use strict';
{
    const rowsOf = (group) => [...group.querySelectorAll('tbody tr.form-row:not(.empty-form)')];

    function renumber(group) {
        rowsOf(group).forEach((row, index) => {
            const position = row.querySelector('input[name$="-position"]');
            if (position) {
                position.value = index;
            }
        });
    }

    function move(group, row, step) {
        const rows = rowsOf(group);
        const at = rows.indexOf(row);
        const other = rows[at + step];
        if (!other) {
            return;
        }
        if (step < 0) {
            other.before(row);
        } else {
            other.after(row);
        }
        renumber(group);
        row.querySelector(step < 0 ? '.hop-up' : '.hop-down').focus();
    }

    function button(label, className, symbol) {
        const element = document.createElement('button');
        element.type = 'button';
        element.className = className;
        element.title = label;
        element.setAttribute('aria-label', label);
        element.textContent = symbol;
        return element;
    }

    let dragged = null;

    function equip(group, row) {
        if (row.querySelector('.hop-move')) {
            return;
        }
        const handles = document.createElement('span');
        handles.className = 'hop-move';
        const up = button('Move this hop up', 'hop-up', '↑');
        const down = button('Move this hop down', 'hop-down', '↓');
        up.addEventListener('click', () => move(group, row, -1));
        down.addEventListener('click', () => move(group, row, 1));
        const grip = document.createElement('span');
        grip.className = 'hop-grip';
        grip.title = 'Drag to move this hop';
        grip.textContent = '⠿';
        handles.append(up, grip, down);
        const cell = row.querySelector('td.original') || row.firstElementChild;
        cell.prepend(handles);
        row.draggable = true;
        row.addEventListener('dragstart', (event) => {
            dragged = row;
            row.classList.add('hop-dragged');
            event.dataTransfer.effectAllowed = 'move';
        });
        row.addEventListener('dragend', () => {
            row.classList.remove('hop-dragged');
            dragged = null;
            renumber(group);
        });
        row.addEventListener('dragover', (event) => {
            if (!dragged || dragged === row) {
                return;
            }
            event.preventDefault();
            const box = row.getBoundingClientRect();
            if (event.clientY < box.top + box.height / 2) {
                row.before(dragged);
            } else {
                row.after(dragged);
            }
        });
    }

    function startFromQuote(row) {
        if (row.dataset.hopStarted || row.querySelector('input[name$="-id"]')?.value) {
            return;
        }
        row.dataset.hopStarted = '1';
        const said = document.getElementById('id_context');
        const attribution = document.getElementById('id_attribution');
        const context = row.querySelector('input[name$="-context"]');
        const onRecord = row.querySelector('input[name$="-on_record"]');
        if (context && said && !context.value) {
            context.value = said.value;
        }
        if (onRecord && attribution) {
            onRecord.checked = attribution.value === 'on_record';
        }
    }

    function init() {
        const group = document.getElementById('hops-group');
        if (!group) {
            return;
        }
        rowsOf(group).forEach((row) => equip(group, row));
        document.addEventListener('formset:added', (event) => {
            if (event.detail && event.detail.formsetName === 'hops') {
                equip(group, event.target);
                renumber(group);
            }
        });
        const started = (event) => {
            const row = event.target.closest && event.target.closest('#hops-group tr.form-row');
            const field = event.target.name || '';
            if (row && /-(person|outlet|description|how)$/.test(field)) {
                startFromQuote(row);
            }
        };
        group.addEventListener('input', started);
        if (window.django && window.django.jQuery) {
            // select2 announces a choice through jQuery only.
            window.django.jQuery(group).on('change', started);
        } else {
            group.addEventListener('change', started);
        }
        group.closest('form').addEventListener('submit', () => renumber(group));
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', init);
    } else {
        init();
    }
}
