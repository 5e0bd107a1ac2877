"""The stand-in's pages on "Stripe's side": hosted checkout, card authentication, Connect onboarding.

Plain HTML with its own small stylesheet (the stand-in is another origin, outside Volmify's CSP),
one form per step, labelled fields, errors announced with ``role="alert"``. In English only: Stripe
Checkout itself offers no Arabic, so a buyer in Arabic sees it in English there too.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from volmify.stripe_standin.objects import (
    CARD_AUTHENTICATES,
    CARD_DECLINED,
    CARD_SUCCEEDS,
    amount_display,
    missing,
)

if TYPE_CHECKING:
    from volmify.stripe_standin.server import Handler

STYLE = """
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
body { margin: 0; background: #f6f8fa; color: #1a1f36; line-height: 1.5; }
main { max-width: 32rem; margin: 2rem auto; padding: 1.5rem; background: #fff;
       border: 1px solid #e3e8ee; border-radius: 8px; }
h1 { font-size: 1.35rem; margin: 0 0 .25rem; }
.badge { display: inline-block; font-size: .8rem; background: #ffde92; color: #5b3b00;
         border-radius: 4px; padding: 0 .4rem; margin-bottom: 1rem; }
table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
th, td { text-align: start; padding: .4rem 0; border-bottom: 1px solid #e3e8ee; }
td.amount, th.amount { text-align: end; }
tfoot th, tfoot td { font-weight: 700; border-bottom: 0; }
label { display: block; font-weight: 600; margin-top: 1rem; }
input { width: 100%; box-sizing: border-box; font: inherit; padding: .55rem .6rem;
        border: 1px solid #8792a2; border-radius: 6px; }
button, .button { display: inline-block; font: inherit; font-weight: 600; margin-top: 1.25rem;
        padding: .6rem 1rem; border-radius: 6px; border: 1px solid #4b4ae0; background: #5a59f0;
        color: #fff; cursor: pointer; text-decoration: none; }
button.secondary { background: #fff; color: #3a3ab5; }
:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
.alert { border: 1px solid #df1b41; background: #fff5f6; color: #8c0d28; padding: .6rem .75rem;
         border-radius: 6px; margin-top: 1rem; }
.hint { color: #4f566b; font-size: .9rem; }
ul.cards { padding-inline-start: 1.2rem; }
code { font-size: .95em; }
a { color: #3a3ab5; }
"""

CARD_HELP = (
    ("4242 4242 4242 4242", "succeeds"),
    ("4000 0000 0000 0002", "is declined"),
    ("4000 0027 6000 3184", "asks for authentication (a second step) first"),
)


def page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en" dir="ltr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} · Stripe stand-in</title><style>{STYLE}</style></head>"
        f'<body><main>{body}<p class="hint">A local stand-in for Stripe: no money moves and no card data '
        "leaves this machine.</p></main></body></html>"
    )


def respond(handler: Handler, method: str, parts: list[str], params: dict[str, Any]) -> None:
    """Answer a browser request for ``/checkout/...`` or ``/connect/onboarding/...``."""
    match (method, parts):
        case ("GET", ["checkout", session_id]):
            if session_id not in handler.server.store.data["objects"]:
                handler.send_html(404, page("Not found", "<h1>This checkout link is not valid</h1>"))
            else:
                handler.send_html(200, checkout_page(handler, session_id, error=params.get("error")))
        case ("POST", ["checkout", session_id]):
            checkout_submit(handler, session_id, params.get("card_number", ""))
        case ("GET", ["checkout", session_id, "authenticate"]):
            handler.send_html(200, authenticate_page(handler, session_id))
        case ("POST", ["checkout", session_id, "authenticate"]):
            authenticate_submit(handler, session_id, params.get("action", ""))
        case ("GET", ["connect", "onboarding", token]):
            if token not in handler.server.store.data["links"]:
                handler.send_html(404, page("Not found", "<h1>This onboarding link is not valid</h1>"))
            else:
                handler.send_html(200, onboarding_page(handler, token))
        case ("POST", ["connect", "onboarding", token]):
            handler.redirect(handler.server.api.onboarding_complete(token))
        case _:
            handler.send_html(404, page("Not found", "<h1>Not found</h1><p>There is no such page.</p>"))


def _session(handler: Handler, session_id: str) -> dict[str, Any]:
    store = handler.server.store
    obj = store.data["objects"].get(session_id)
    if obj is None or obj["object"] != "checkout.session":
        raise missing("checkout.session", session_id)
    return obj


ERRORS = {
    "declined": "Your card was declined. Try another card.",
    "authentication_failed": "We could not authenticate this payment. Try again or use another card.",
    "unknown_card": "Use one of the test cards listed below.",
}


def checkout_page(handler: Handler, session_id: str, *, error: str | None = None) -> str:
    session = _session(handler, session_id)
    if session["status"] == "complete":
        return page(
            "Paid",
            f'<h1>This payment is complete</h1><p><a href="{html.escape(success_url(session))}">'
            "Return to the store</a></p>",
        )
    if session["status"] == "expired":
        return page(
            "Expired",
            f'<h1>This checkout has expired</h1><p><a href="{html.escape(session["cancel_url"] or "/")}">'
            "Return to the store</a></p>",
        )
    currency = session["currency"]
    rows = "".join(
        f"<tr><td>{html.escape(line['name'])} &times; {line['quantity']}</td>"
        f'<td class="amount">{amount_display(line["unit_amount"] * line["quantity"], currency)}</td></tr>'
        for line in session["_lines"]
    )
    total = amount_display(session["amount_total"], currency)
    message = ERRORS.get(error or "")
    alert = f'<p class="alert" role="alert" id="card-error">{message}</p>' if message else ""
    described = (
        ' aria-describedby="card-help card-error" aria-invalid="true"'
        if message
        else (' aria-describedby="card-help"')
    )
    cards = "".join(f"<li><code>{number}</code> {outcome}</li>" for number, outcome in CARD_HELP)
    email = html.escape(session["customer_email"] or "")
    return page(
        f"Pay {total}",
        f'<h1>Pay {total}</h1><span class="badge">Test mode</span>'
        f'<table><caption class="hint">Order summary</caption>'
        f'<thead><tr><th scope="col">Item</th><th scope="col" class="amount">Amount</th></tr></thead>'
        f'<tbody>{rows}</tbody><tfoot><tr><th scope="row">Total</th><td class="amount">{total}</td></tr>'
        f"</tfoot></table>"
        f'<form method="post" action="/checkout/{html.escape(session_id)}" novalidate>'
        f"{alert}"
        f'<p class="hint">Email: {email}</p>'
        f'<label for="card-number">Card number</label>'
        f'<input id="card-number" name="card_number" inputmode="numeric" autocomplete="cc-number" '
        f"required{described}>"
        f'<div id="card-help" class="hint"><p>Test cards (any future expiry date and any CVC):</p>'
        f'<ul class="cards">{cards}</ul></div>'
        f'<button type="submit" id="pay">Pay {total}</button></form>'
        f'<p><a href="{html.escape(session["cancel_url"] or "/")}" id="cancel">'
        "Cancel and return to the store</a></p>",
    )


def checkout_submit(handler: Handler, session_id: str, card_number: str) -> None:
    session = _session(handler, session_id)
    if session["status"] != "open":
        handler.redirect(f"/checkout/{session_id}")
        return
    card = "".join(character for character in card_number if character.isdigit())
    if card == CARD_SUCCEEDS:
        handler.server.api.session_pay(session, card)
        handler.redirect(success_url(session))
    elif card == CARD_AUTHENTICATES:
        with handler.server.store.lock:
            session["_authenticating_card"] = card
            handler.server.store.save()
        handler.redirect(f"/checkout/{session_id}/authenticate")
    elif card == CARD_DECLINED:
        handler.redirect(f"/checkout/{session_id}?error=declined")
    else:
        handler.redirect(f"/checkout/{session_id}?error=unknown_card")


def authenticate_page(handler: Handler, session_id: str) -> str:
    session = _session(handler, session_id)
    total = amount_display(session["amount_total"], session["currency"])
    return page(
        "Authenticate",
        f"<h1>Confirm this payment</h1><p>Your bank asks you to confirm the payment of {total}.</p>"
        f'<form method="post" action="/checkout/{html.escape(session_id)}/authenticate">'
        '<button type="submit" name="action" value="complete" id="authenticate-complete">'
        "Complete authentication</button> "
        '<button type="submit" name="action" value="fail" class="secondary" id="authenticate-fail">'
        "Fail authentication</button></form>",
    )


def authenticate_submit(handler: Handler, session_id: str, action: str) -> None:
    session = _session(handler, session_id)
    card = session.pop("_authenticating_card", None)
    if session["status"] != "open" or card is None:
        handler.redirect(f"/checkout/{session_id}")
    elif action == "complete":
        handler.server.api.session_pay(session, card)
        handler.redirect(success_url(session))
    else:
        handler.redirect(f"/checkout/{session_id}?error=authentication_failed")


def onboarding_page(handler: Handler, token: str) -> str:
    link = handler.server.store.data["links"][token]
    account = handler.server.store.data["objects"][link["account"]]
    name = html.escape(account["business_profile"].get("name") or account["id"])
    return page(
        "Onboarding",
        f'<h1>Set up payments for {name}</h1><span class="badge">Test mode</span>'
        "<p>On Stripe this is where the business gives its details and bank account. Here, one click "
        "finishes onboarding: the account can take card payments and receive payouts.</p>"
        f'<form method="post" action="/connect/onboarding/{html.escape(token)}">'
        '<button type="submit" id="onboarding-complete">Complete onboarding</button></form>',
    )


def success_url(session: dict[str, Any]) -> str:
    return (session["success_url"] or "/").replace("{CHECKOUT_SESSION_ID}", session["id"])
