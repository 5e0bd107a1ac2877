"""The payment app's domain events, for the apps above it (course grants access; the ledger, later,
posts revenue). Each is sent inside the transaction that changed the line, so a receiver's writes
commit or roll back with it; each is also kept as an ``OrgCommerceEvent`` row for consumers that
read them in batches.

- ``order_line_paid(line, actor)``: the line's order is paid; grant what it sells.
- ``order_lines_paid(lines, actor)``: the same for many lines at once (``lines`` holds
  ``(line, order)`` pairs; the orders were paid together, ``orders_mark_paid_many``). A receiver of
  one receives the other too, and answers it in a few statements whatever the number of lines.
- ``order_line_access_changed(line, access, actor)``: what the line granted is now ``access``
  (``OrgOrderLine.Access``: suspended during a dispute, active again after a won one, revoked
  after a full refund, a refund that revokes, or a lost dispute).
"""

from __future__ import annotations

from django.dispatch import Signal

order_line_paid = Signal()
order_lines_paid = Signal()
order_line_access_changed = Signal()
